namespace Casd.Card.Transport;

/// <summary>The kind of reset asked of a card.</summary>
public enum CardResetKind
{
    /// <summary>A warm reset: the card restarts without losing power.</summary>
    Warm = 0,

    /// <summary>A cold reset: the card is powered down and up again.</summary>
    Cold = 1,
}
