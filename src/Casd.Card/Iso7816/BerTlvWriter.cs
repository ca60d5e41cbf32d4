using System.Buffers;

namespace Casd.Card.Iso7816;

/// <summary>
/// Builds BER-TLV data: primitive objects and nested constructed objects whose lengths are
/// filled in when their scope closes. The buffer is pooled and cleared when the writer is
/// disposed, because card data such as a <c>7F2E</c> template is secret.
/// </summary>
/// <example>
/// <code>
/// using var writer = new BerTlvWriter();
/// using (writer.PushConstructed(0x7F2E))
/// {
///     writer.Write(0x81, minutiae);
/// }
/// byte[] encoded = writer.ToArray();
/// </code>
/// </example>
public sealed class BerTlvWriter : IDisposable
{
    private const int MaxDepth = 16;
    private readonly int[] _openScopes = new int[MaxDepth];
    private byte[] _buffer;
    private int _length;
    private int _depth;

    /// <summary>Initializes a writer.</summary>
    /// <param name="initialCapacity">The initial buffer size in bytes.</param>
    public BerTlvWriter(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Gets the bytes written so far (valid until the next write or disposal).</summary>
    /// <exception cref="InvalidOperationException">A constructed scope is still open.</exception>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            EnsureComplete();
            return _buffer.AsSpan(0, _length);
        }
    }

    /// <summary>Writes a primitive (or pre-encoded constructed) object.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value bytes.</param>
    public void Write(uint tag, ReadOnlySpan<byte> value)
    {
        ThrowIfDisposed();
        var tagLength = BerTlvTag.GetEncodedLength(tag);
        var lengthLength = GetLengthFieldSize(value.Length);
        EnsureCapacity(tagLength + lengthLength + value.Length);
        _length += BerTlvTag.Write(tag, _buffer.AsSpan(_length));
        _length += WriteLengthField(value.Length, _buffer.AsSpan(_length));
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Writes a one-byte object.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    public void Write(uint tag, byte value) => Write(tag, [value]);

    /// <summary>Appends bytes that are already BER-TLV encoded.</summary>
    /// <param name="encoded">The encoded objects.</param>
    public void WriteEncoded(ReadOnlySpan<byte> encoded)
    {
        ThrowIfDisposed();
        EnsureCapacity(encoded.Length);
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
    }

    /// <summary>Opens a constructed object; everything written until the scope is disposed becomes its value.</summary>
    /// <param name="tag">The constructed object's tag.</param>
    /// <returns>The scope; dispose it to close the object.</returns>
    /// <exception cref="ArgumentException">The tag is not a constructed tag.</exception>
    /// <exception cref="InvalidOperationException">More than 16 scopes are open.</exception>
    public BerTlvWriterScope PushConstructed(uint tag)
    {
        ThrowIfDisposed();
        if (!BerTlvTag.IsConstructed(tag))
        {
            throw new ArgumentException("Only a constructed tag (b6 of the first byte set) can open a scope.", nameof(tag));
        }

        if (_depth == MaxDepth)
        {
            throw new InvalidOperationException("BER-TLV nesting deeper than 16 levels is not supported.");
        }

        var tagLength = BerTlvTag.GetEncodedLength(tag);
        EnsureCapacity(tagLength + 1);
        _length += BerTlvTag.Write(tag, _buffer.AsSpan(_length));

        // One length byte is reserved; closing the scope widens it when the value is long.
        _buffer[_length++] = 0;
        _openScopes[_depth++] = _length;
        return new BerTlvWriterScope(this, _depth);
    }

    /// <summary>Copies the encoded data into a new array.</summary>
    /// <returns>The encoded data.</returns>
    /// <exception cref="InvalidOperationException">A constructed scope is still open.</exception>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Clears and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        _buffer.AsSpan(0, _length).Clear();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    internal void PopConstructed(int depth)
    {
        ThrowIfDisposed();
        if (depth != _depth)
        {
            throw new InvalidOperationException("BER-TLV scopes must be closed in the reverse order they were opened.");
        }

        var contentStart = _openScopes[--_depth];
        var contentLength = _length - contentStart;
        var extra = GetLengthFieldSize(contentLength) - 1;
        if (extra > 0)
        {
            EnsureCapacity(extra);
            _buffer.AsSpan(contentStart, contentLength).CopyTo(_buffer.AsSpan(contentStart + extra));
            _length += extra;
        }

        WriteLengthField(contentLength, _buffer.AsSpan(contentStart - 1));
    }

    private static int GetLengthFieldSize(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };

    private static int WriteLengthField(int length, Span<byte> destination)
    {
        var size = GetLengthFieldSize(length);
        if (size == 1)
        {
            destination[0] = (byte)length;
            return 1;
        }

        destination[0] = (byte)(0x80 | (size - 1));
        for (var i = 1; i < size; i++)
        {
            destination[i] = (byte)(length >> (8 * (size - 1 - i)));
        }

        return size;
    }

    private void EnsureCapacity(int additional)
    {
        var required = _length + additional;
        if (required <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(required, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        _buffer.AsSpan(0, _length).Clear();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void EnsureComplete()
    {
        ThrowIfDisposed();
        if (_depth != 0)
        {
            throw new InvalidOperationException("A constructed BER-TLV scope is still open; dispose it before reading the result.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
}
