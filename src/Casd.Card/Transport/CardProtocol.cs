namespace Casd.Card.Transport;

/// <summary>The transmission protocol in use between the reader and the card.</summary>
public enum CardProtocol
{
    /// <summary>No protocol is active (the card is not connected or not powered).</summary>
    None = 0,

    /// <summary>ISO/IEC 7816-3 T=0, character-oriented.</summary>
    T0 = 1,

    /// <summary>ISO/IEC 7816-3 T=1, block-oriented.</summary>
    T1 = 2,

    /// <summary>A raw or contactless protocol reported by the reader.</summary>
    Raw = 4,
}
