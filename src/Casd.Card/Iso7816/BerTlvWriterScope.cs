namespace Casd.Card.Iso7816;

/// <summary>An open constructed object of a <see cref="BerTlvWriter"/>; disposing it closes the object.</summary>
public readonly struct BerTlvWriterScope : IDisposable, IEquatable<BerTlvWriterScope>
{
    private readonly BerTlvWriter? _writer;
    private readonly int _depth;

    internal BerTlvWriterScope(BerTlvWriter writer, int depth)
    {
        _writer = writer;
        _depth = depth;
    }

    /// <summary>Closes the constructed object and writes its length.</summary>
    public void Dispose() => _writer?.PopConstructed(_depth);

    /// <inheritdoc/>
    public bool Equals(BerTlvWriterScope other) => ReferenceEquals(_writer, other._writer) && _depth == other._depth;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BerTlvWriterScope other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_writer, _depth);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">The first scope.</param>
    /// <param name="right">The second scope.</param>
    /// <returns><see langword="true"/> when both denote the same open object.</returns>
    public static bool operator ==(BerTlvWriterScope left, BerTlvWriterScope right) => left.Equals(right);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">The first scope.</param>
    /// <param name="right">The second scope.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(BerTlvWriterScope left, BerTlvWriterScope right) => !left.Equals(right);
}
