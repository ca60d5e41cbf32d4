namespace Casd.Card.Biometrics;

/// <summary>
/// One minutia in the ISO/IEC 19794-2 compact card format: three bytes.
/// </summary>
/// <remarks>
/// <para>Byte layout (most significant bit first):</para>
/// <list type="table">
/// <listheader><term>byte</term><description>content</description></listheader>
/// <item><term>0</term><description>X, bits 7–0: position from the left, in units of 0.1 mm (0–255, i.e. 0–25.5 mm).</description></item>
/// <item><term>1</term><description>Y, bits 7–0: position from the top, in units of 0.1 mm (Y grows downwards, as in the record).</description></item>
/// <item><term>2</term><description>bits 7–6: type (00 other, 01 ridge ending, 10 bifurcation, 11 reserved);
/// bits 5–0: direction in units of 360/64 = 5.625 degrees, counter-clockwise from the positive X axis, as in the record.</description></item>
/// </list>
/// <para><see cref="ToString"/> omits the values: they are biometric data.</para>
/// </remarks>
public readonly struct CompactMinutia : IEquatable<CompactMinutia>
{
    /// <summary>The encoded size of one minutia in bytes.</summary>
    public const int EncodedLength = 3;

    /// <summary>The number of direction steps in a full turn.</summary>
    public const int AngleSteps = 64;

    /// <summary>Initializes a compact minutia.</summary>
    /// <param name="x">X in 0.1 mm (0–255).</param>
    /// <param name="y">Y in 0.1 mm (0–255).</param>
    /// <param name="type">The type.</param>
    /// <param name="angle">The direction in steps of 5.625 degrees (0–63).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit its field.</exception>
    public CompactMinutia(int x, int y, MinutiaType type, int angle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(x, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(y, 255);
        if (type is < MinutiaType.Other or > MinutiaType.RidgeBifurcation)
        {
            throw new ArgumentOutOfRangeException(nameof(type), "The minutia type must be Other, RidgeEnding or RidgeBifurcation.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(angle);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(angle, AngleSteps);
        X = (byte)x;
        Y = (byte)y;
        Type = type;
        Angle = (byte)angle;
    }

    /// <summary>Gets X in units of 0.1 mm.</summary>
    public int X { get; }

    /// <summary>Gets Y in units of 0.1 mm (downwards).</summary>
    public int Y { get; }

    /// <summary>Gets the type.</summary>
    public MinutiaType Type { get; }

    /// <summary>Gets the direction in steps of 5.625 degrees (0–63), counter-clockwise from the positive X axis.</summary>
    public int Angle { get; }

    /// <summary>Gets the direction in degrees.</summary>
    public double AngleDegrees => Angle * 360.0 / AngleSteps;

    /// <summary>Compares two minutiae.</summary>
    /// <param name="left">The first minutia.</param>
    /// <param name="right">The second minutia.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(CompactMinutia left, CompactMinutia right) => left.Equals(right);

    /// <summary>Compares two minutiae.</summary>
    /// <param name="left">The first minutia.</param>
    /// <param name="right">The second minutia.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(CompactMinutia left, CompactMinutia right) => !left.Equals(right);

    /// <summary>Decodes one minutia.</summary>
    /// <param name="source">At least three bytes.</param>
    /// <returns>The minutia.</returns>
    /// <exception cref="BiometricDataFormatException">Fewer than three bytes, or the reserved type code 11.</exception>
    public static CompactMinutia Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < EncodedLength)
        {
            throw new BiometricDataFormatException("A compact-card minutia needs 3 bytes.");
        }

        var type = source[2] >> 6;
        if (type == 3)
        {
            throw new BiometricDataFormatException("A compact-card minutia has the reserved type code 11.");
        }

        return new CompactMinutia(source[0], source[1], (MinutiaType)type, source[2] & 0x3F);
    }

    /// <summary>Encodes the minutia.</summary>
    /// <param name="destination">At least three bytes.</param>
    /// <exception cref="ArgumentException">The destination is shorter than three bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < EncodedLength)
        {
            throw new ArgumentException("A compact-card minutia needs 3 bytes.", nameof(destination));
        }

        destination[0] = (byte)X;
        destination[1] = (byte)Y;
        destination[2] = (byte)(((int)Type << 6) | Angle);
    }

    /// <inheritdoc/>
    public bool Equals(CompactMinutia other) => X == other.X && Y == other.Y && Type == other.Type && Angle == other.Angle;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CompactMinutia other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(X, Y, Type, Angle);

    /// <summary>Returns a description without the biometric values.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => "Compact minutia (values redacted)";
}
