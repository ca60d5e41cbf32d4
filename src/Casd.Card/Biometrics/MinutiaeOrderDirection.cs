namespace Casd.Card.Biometrics;

/// <summary>The direction of the minutiae order a card demands (bits 1–0 of the BIT's minutiae order byte, B1/82).</summary>
public enum MinutiaeOrderDirection
{
    /// <summary>No direction (only valid with <see cref="MinutiaeOrderMethod.None"/>).</summary>
    None = 0,

    /// <summary>Ascending (code 01).</summary>
    Ascending = 1,

    /// <summary>Descending (code 10).</summary>
    Descending = 2,
}
