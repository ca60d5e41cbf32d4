using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// The minutiae order of the BIT's matching parameters (B1, tag 82, one byte): bits 1–0 the direction
/// (01 ascending, 10 descending), bits 4–2 the method (001 X-Y, 010 Y-X, 011 angle, 100 polar); 0x00 is no order.
/// </summary>
public readonly struct MinutiaeOrder : IEquatable<MinutiaeOrder>
{
    /// <summary>Initializes an order.</summary>
    /// <param name="method">The sort key.</param>
    /// <param name="direction">The direction; must be <see cref="MinutiaeOrderDirection.None"/> exactly when the method is <see cref="MinutiaeOrderMethod.None"/>.</param>
    /// <exception cref="ArgumentException">The combination is not valid.</exception>
    public MinutiaeOrder(MinutiaeOrderMethod method, MinutiaeOrderDirection direction)
    {
        if (method is < MinutiaeOrderMethod.None or > MinutiaeOrderMethod.Polar)
        {
            throw new ArgumentOutOfRangeException(nameof(method), "Unknown minutiae order method.");
        }

        if (direction is < MinutiaeOrderDirection.None or > MinutiaeOrderDirection.Descending)
        {
            throw new ArgumentOutOfRangeException(nameof(direction), "Unknown minutiae order direction.");
        }

        if ((method == MinutiaeOrderMethod.None) != (direction == MinutiaeOrderDirection.None))
        {
            throw new ArgumentException("An order needs both a method and a direction, or neither.", nameof(direction));
        }

        Method = method;
        Direction = direction;
    }

    /// <summary>Gets no ordering (byte value 0x00).</summary>
    public static MinutiaeOrder None => default;

    /// <summary>Gets the sort key.</summary>
    public MinutiaeOrderMethod Method { get; }

    /// <summary>Gets the direction.</summary>
    public MinutiaeOrderDirection Direction { get; }

    /// <summary>Gets the encoded byte.</summary>
    public byte Value => (byte)(((int)Method << 2) | (int)Direction);

    /// <summary>Compares two orders.</summary>
    /// <param name="left">The first order.</param>
    /// <param name="right">The second order.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(MinutiaeOrder left, MinutiaeOrder right) => left.Equals(right);

    /// <summary>Compares two orders.</summary>
    /// <param name="left">The first order.</param>
    /// <param name="right">The second order.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(MinutiaeOrder left, MinutiaeOrder right) => !left.Equals(right);

    /// <summary>Decodes the order byte.</summary>
    /// <param name="value">The byte from B1/82.</param>
    /// <returns>The order.</returns>
    /// <exception cref="BiometricDataFormatException">The byte is not a defined order.</exception>
    public static MinutiaeOrder FromByte(byte value)
    {
        var direction = value & 0x03;
        var method = (value >> 2) & 0x07;
        if ((value & 0xE0) != 0 || direction == 3 || method > 4 || (method == 0) != (direction == 0))
        {
            throw new BiometricDataFormatException(string.Format(CultureInfo.InvariantCulture, "Minutiae order byte {0:X2} is not a defined order.", value));
        }

        return new MinutiaeOrder((MinutiaeOrderMethod)method, (MinutiaeOrderDirection)direction);
    }

    /// <inheritdoc/>
    public bool Equals(MinutiaeOrder other) => Method == other.Method && Direction == other.Direction;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MinutiaeOrder other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value;

    /// <inheritdoc/>
    public override string ToString() =>
        Method == MinutiaeOrderMethod.None ? "None" : string.Format(CultureInfo.InvariantCulture, "{0} {1} ({2:X2})", Method, Direction, Value);
}
