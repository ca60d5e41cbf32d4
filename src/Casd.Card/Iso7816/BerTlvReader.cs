using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>
/// A forward-only, allocation-free reader of BER-TLV data objects as ISO/IEC 7816-4 uses them:
/// tags of 1 to 3 bytes, definite lengths of up to 4 length bytes. Anything else (indefinite
/// length, a longer tag, a length past the data) raises <see cref="CardDataFormatException"/>
/// with the offset of the fault.
/// </summary>
public ref struct BerTlvReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    /// <summary>Initializes a reader over a buffer of concatenated data objects.</summary>
    /// <param name="data">The encoded objects.</param>
    public BerTlvReader(ReadOnlySpan<byte> data)
        : this(data, 0)
    {
    }

    internal BerTlvReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Gets whether any bytes remain.</summary>
    public readonly bool HasData => _position < _data.Length;

    /// <summary>Gets the offset of the next object within the outermost buffer.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Reads the next data object.</summary>
    /// <returns>The object.</returns>
    /// <exception cref="CardDataFormatException">The data is exhausted or malformed.</exception>
    public BerTlvElement Read()
    {
        var start = _position;
        if (start >= _data.Length)
        {
            throw Fault(start, "no data object left to read");
        }

        var tag = ReadTag(ref _position);
        var length = ReadLength(ref _position);
        if (length > _data.Length - _position)
        {
            throw Fault(start, string.Format(
                CultureInfo.InvariantCulture,
                "tag {0:X2} declares {1} value bytes but only {2} remain",
                tag,
                length,
                _data.Length - _position));
        }

        var valueOffset = _position;
        _position += length;
        return new BerTlvElement(tag, _data.Slice(valueOffset, length), _data[start.._position], _baseOffset + valueOffset);
    }

    /// <summary>Reads the next object and checks its tag.</summary>
    /// <param name="expectedTag">The tag that must come next.</param>
    /// <returns>The object's value.</returns>
    /// <exception cref="CardDataFormatException">The next object has another tag or is malformed.</exception>
    public ReadOnlySpan<byte> ReadValue(uint expectedTag)
    {
        var offset = _position;
        var element = Read();
        if (element.Tag != expectedTag)
        {
            throw Fault(offset, string.Format(CultureInfo.InvariantCulture, "expected tag {0:X2} but found {1:X2}", expectedTag, element.Tag));
        }

        return element.Value;
    }

    /// <summary>Reads the remaining sibling objects looking for a tag; the objects before it are consumed.</summary>
    /// <param name="tag">The tag to find.</param>
    /// <param name="value">The value of the first object with that tag.</param>
    /// <returns><see langword="true"/> when found.</returns>
    /// <exception cref="CardDataFormatException">A sibling is malformed.</exception>
    public bool TryFind(uint tag, out ReadOnlySpan<byte> value)
    {
        while (HasData)
        {
            var element = Read();
            if (element.Tag == tag)
            {
                value = element.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds a tag among the top-level objects of a buffer.</summary>
    /// <param name="data">The encoded objects.</param>
    /// <param name="tag">The tag to find.</param>
    /// <param name="value">The value of the first object with that tag.</param>
    /// <returns><see langword="true"/> when found.</returns>
    /// <exception cref="CardDataFormatException">An object before it is malformed.</exception>
    public static bool TryFind(ReadOnlySpan<byte> data, uint tag, out ReadOnlySpan<byte> value) =>
        new BerTlvReader(data).TryFind(tag, out value);

    private readonly uint ReadTag(ref int position)
    {
        var start = position;
        var first = _data[position++];
        if (first is 0x00 or 0xFF)
        {
            throw Fault(start, string.Format(CultureInfo.InvariantCulture, "'{0:X2}' is not a valid first tag byte", first));
        }

        uint tag = first;
        if ((first & 0x1F) != 0x1F)
        {
            return tag;
        }

        for (var count = 1; ; count++)
        {
            if (position >= _data.Length)
            {
                throw Fault(start, "the tag is truncated");
            }

            if (count == BerTlvTag.MaxEncodedLength)
            {
                throw Fault(start, "tags longer than 3 bytes are outside ISO/IEC 7816-4");
            }

            var next = _data[position++];
            tag = (tag << 8) | next;
            if ((next & 0x80) == 0)
            {
                return tag;
            }
        }
    }

    private readonly int ReadLength(ref int position)
    {
        if (position >= _data.Length)
        {
            throw Fault(position, "the length field is missing");
        }

        var start = position;
        var first = _data[position++];
        if (first < 0x80)
        {
            return first;
        }

        if (first == 0x80)
        {
            throw Fault(start, "indefinite length ('80') is not allowed in card data");
        }

        var count = first & 0x7F;
        if (count > 4)
        {
            throw Fault(start, string.Format(CultureInfo.InvariantCulture, "a length of {0} length bytes is more than the 4 allowed", count));
        }

        if (count > _data.Length - position)
        {
            throw Fault(start, "the length field is truncated");
        }

        long length = 0;
        for (var i = 0; i < count; i++)
        {
            length = (length << 8) | _data[position++];
        }

        if (length > int.MaxValue)
        {
            throw Fault(start, "the length is too large");
        }

        return (int)length;
    }

    private readonly CardDataFormatException Fault(int position, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "Malformed BER-TLV at offset {0}: {1}.", _baseOffset + position, reason));
}
