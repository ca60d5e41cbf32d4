namespace Casd.Card.Transport;

/// <summary>What happens to the card when a connection or a transaction ends.</summary>
public enum CardDisposition
{
    /// <summary>Leave the card as it is.</summary>
    Leave = 0,

    /// <summary>Warm-reset the card.</summary>
    Reset = 1,

    /// <summary>Power the card down.</summary>
    Unpower = 2,

    /// <summary>Eject the card, where the reader can.</summary>
    Eject = 3,
}
