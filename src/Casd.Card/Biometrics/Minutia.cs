namespace Casd.Card.Biometrics;

/// <summary>
/// One minutia as a finger minutiae record carries it: position in pixels from the image's top-left
/// corner (Y grows downwards), direction in the record's own angle unit, type and quality.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> deliberately omits the position and direction: minutiae are biometric data
/// and must not reach logs or exception messages.
/// </remarks>
public readonly struct Minutia : IEquatable<Minutia>
{
    /// <summary>The largest coordinate the 14-bit position fields can hold.</summary>
    public const int MaxCoordinate = 0x3FFF;

    /// <summary>Initializes a minutia.</summary>
    /// <param name="type">The minutia type.</param>
    /// <param name="x">The X position in pixels (0–16383).</param>
    /// <param name="y">The Y position in pixels (0–16383).</param>
    /// <param name="angle">The direction in <paramref name="angleUnit"/> units (0–255; ANSI defines 0–179, larger values wrap past 360 degrees).</param>
    /// <param name="angleUnit">The unit of <paramref name="angle"/>.</param>
    /// <param name="quality">The minutia quality (0–100; 254 and 255 are the 2009/2011 "not reported" and "failed" codes).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit its field.</exception>
    public Minutia(MinutiaType type, int x, int y, int angle, MinutiaAngleUnit angleUnit, int quality)
    {
        if (type is < MinutiaType.Other or > MinutiaType.RidgeBifurcation)
        {
            throw new ArgumentOutOfRangeException(nameof(type), "The minutia type must be Other, RidgeEnding or RidgeBifurcation.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(x, MaxCoordinate);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(y, MaxCoordinate);
        ArgumentOutOfRangeException.ThrowIfNegative(angle);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(angle, 255);
        _ = MaxAngle(angleUnit);
        ArgumentOutOfRangeException.ThrowIfNegative(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 255);
        Type = type;
        X = (ushort)x;
        Y = (ushort)y;
        Angle = (byte)angle;
        AngleUnit = angleUnit;
        Quality = (byte)quality;
    }

    /// <summary>Gets the minutia type.</summary>
    public MinutiaType Type { get; }

    /// <summary>Gets the X position in pixels, from the left edge of the image.</summary>
    public int X { get; }

    /// <summary>Gets the Y position in pixels, from the top edge of the image.</summary>
    public int Y { get; }

    /// <summary>Gets the direction in the record's unit (<see cref="AngleUnit"/>), counter-clockwise from the positive X axis.</summary>
    public int Angle { get; }

    /// <summary>Gets the unit of <see cref="Angle"/>.</summary>
    public MinutiaAngleUnit AngleUnit { get; }

    /// <summary>Gets the direction in degrees, counter-clockwise from the positive X axis, in [0, 360).</summary>
    /// <remarks>An ANSI value above 179 (outside the standard, but written by some producers) wraps modulo 360.</remarks>
    public double AngleDegrees => AngleUnit == MinutiaAngleUnit.Ansi2Degrees ? (Angle * 2) % 360 : Angle * 360.0 / 256.0;

    /// <summary>Gets the minutia quality (0–100, or 254/255 where the format allows them).</summary>
    public int Quality { get; }

    /// <summary>Compares two minutiae.</summary>
    /// <param name="left">The first minutia.</param>
    /// <param name="right">The second minutia.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(Minutia left, Minutia right) => left.Equals(right);

    /// <summary>Compares two minutiae.</summary>
    /// <param name="left">The first minutia.</param>
    /// <param name="right">The second minutia.</param>
    /// <returns><see langword="true"/> when a field differs.</returns>
    public static bool operator !=(Minutia left, Minutia right) => !left.Equals(right);

    /// <summary>Gets the largest angle value the unit's standard defines.</summary>
    /// <param name="unit">The angle unit.</param>
    /// <returns>255 for ISO, 179 for ANSI (the parser tolerates ANSI values up to 255; see docs/biometrics.md).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The unit is not defined.</exception>
    public static int MaxAngle(MinutiaAngleUnit unit) => unit switch
    {
        MinutiaAngleUnit.Iso256thOfCircle => 255,
        MinutiaAngleUnit.Ansi2Degrees => 179,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), "Unknown angle unit."),
    };

    /// <inheritdoc/>
    public bool Equals(Minutia other) =>
        Type == other.Type && X == other.X && Y == other.Y && Angle == other.Angle && AngleUnit == other.AngleUnit && Quality == other.Quality;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Minutia other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, X, Y, Angle, AngleUnit, Quality);

    /// <summary>Returns a description without the biometric values.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => "Minutia (position and direction redacted)";
}
