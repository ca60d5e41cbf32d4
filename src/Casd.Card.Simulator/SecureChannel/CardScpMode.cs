namespace Casd.Card.Simulator.SecureChannel;

/// <summary>The card's secure channel mode: the length of challenges, cryptograms and MACs (Amendment D v1.2, 4.1.5).</summary>
public enum CardScpMode
{
    /// <summary>S8: 8-byte challenges and cryptograms, 8-byte C-MAC and R-MAC (SCP03 'i' = '70' on this card).</summary>
    S8 = 8,

    /// <summary>S16: 16-byte challenges and cryptograms, 16-byte C-MAC and R-MAC (SCP03 'i' = '71' on this card).</summary>
    S16 = 16,
}
