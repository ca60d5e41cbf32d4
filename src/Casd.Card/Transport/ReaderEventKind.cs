namespace Casd.Card.Transport;

/// <summary>What happened to a reader.</summary>
public enum ReaderEventKind
{
    /// <summary>A reader appeared.</summary>
    ReaderAdded = 0,

    /// <summary>A reader went away.</summary>
    ReaderRemoved = 1,

    /// <summary>A card was inserted into a reader.</summary>
    CardInserted = 2,

    /// <summary>A card was removed from a reader.</summary>
    CardRemoved = 3,
}
