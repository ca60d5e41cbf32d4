namespace Casd.Card.Transport;

/// <summary>How a connection shares the card with other applications.</summary>
public enum CardShareMode
{
    /// <summary>Other applications may connect to the card too (the default).</summary>
    Shared = 0,

    /// <summary>No other application may connect to the card while this connection is open.</summary>
    Exclusive = 1,
}
