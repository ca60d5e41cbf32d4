namespace Casd.Card.Biometrics;

/// <summary>The sort key of the minutiae order a card demands (bits 5–3 of the BIT's minutiae order byte, B1/82).</summary>
public enum MinutiaeOrderMethod
{
    /// <summary>No ordering: minutiae are sent in record order (code 000).</summary>
    None = 0,

    /// <summary>Cartesian: by X, then Y (code 001, byte value 0x04).</summary>
    CartesianXY = 1,

    /// <summary>Cartesian: by Y, then X (code 010, byte value 0x08).</summary>
    CartesianYX = 2,

    /// <summary>By direction, then X, then Y (code 011, byte value 0x0C).</summary>
    Angle = 3,

    /// <summary>Polar, around the centre of mass of the minutiae sent: by distance, then by polar angle counter-clockwise from the positive X axis (code 100, byte value 0x10).</summary>
    Polar = 4,
}
