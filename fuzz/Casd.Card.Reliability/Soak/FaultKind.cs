namespace Casd.Card.Reliability.Soak;

/// <summary>The faults the soak injects through the reader's FaultPlan.</summary>
internal enum FaultKind
{
    /// <summary>No fault this iteration.</summary>
    None,

    /// <summary>Every APDU of the operation waits a millisecond.</summary>
    Latency,

    /// <summary>The link drops after a random APDU.</summary>
    LinkDrop,

    /// <summary>One byte of one response is changed.</summary>
    CorruptedByte,

    /// <summary>The card is pulled out during a command, after the card processed it.</summary>
    Removal,

    /// <summary>The card loses power after a random number of NVM writes of a command.</summary>
    Tearing,
}
