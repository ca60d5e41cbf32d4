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
        var fault = Decode(out var element, out var end, out var at);
        if (fault != DecodeFault.None)
        {
            throw Describe(fault, at);
        }

        _position = end;
        return element;
    }

    /// <summary>
    /// Reads the next data object without throwing, as <c>AsnDecoder.TryReadEncodedValue</c> does: the
    /// card and other callers that answer malformed bytes with a status word need no exception for it.
    /// </summary>
    /// <param name="element">The object, when one was read.</param>
    /// <returns>
    /// <see langword="true"/> when an object was read; <see langword="false"/> when no bytes are left or
    /// the next object is malformed (the rules of <see cref="Read"/>), and the reader has not moved.
    /// </returns>
    public bool TryRead(out BerTlvElement element)
    {
        if (Decode(out element, out var end, out _) != DecodeFault.None)
        {
            return false;
        }

        _position = end;
        return true;
    }

    /// <summary>Reads the first data object of a buffer without throwing.</summary>
    /// <param name="source">The encoded objects.</param>
    /// <param name="element">The first object, when it is well formed.</param>
    /// <param name="bytesConsumed">Its encoded length (tag, length and value); 0 when none was read.</param>
    /// <returns><see langword="true"/> when the buffer starts with a well-formed object.</returns>
    public static bool TryReadElement(ReadOnlySpan<byte> source, out BerTlvElement element, out int bytesConsumed)
    {
        var reader = new BerTlvReader(source);
        var read = reader.TryRead(out element);
        bytesConsumed = reader._position;
        return read;
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

    /// <summary>
    /// Decodes the object at the current position without moving: the one place that knows the
    /// encoding rules (ISO/IEC 7816-4, 5.2; X.690 8.1.2 tags, 8.1.3 definite lengths only).
    /// </summary>
    private readonly DecodeFault Decode(out BerTlvElement element, out int end, out int faultAt)
    {
        element = default;
        end = _position;
        var start = _position;
        faultAt = start;
        if (start >= _data.Length)
        {
            return DecodeFault.NoData;
        }

        var position = start;
        var fault = DecodeTag(ref position, out var tag);
        if (fault == DecodeFault.None)
        {
            faultAt = position;
            fault = DecodeLength(ref position, out var length);
            if (fault == DecodeFault.None && length > _data.Length - position)
            {
                faultAt = start;
                fault = DecodeFault.ValuePastEnd;
            }

            if (fault == DecodeFault.None)
            {
                end = position + length;
                element = new BerTlvElement(tag, _data.Slice(position, length), _data[start..end], _baseOffset + position);
            }
        }

        return fault;
    }

    private readonly DecodeFault DecodeTag(ref int position, out uint tag)
    {
        var first = _data[position++];
        tag = first;
        if (first is 0x00 or 0xFF)
        {
            return DecodeFault.InvalidFirstTagByte;
        }

        if ((first & 0x1F) != 0x1F)
        {
            return DecodeFault.None;
        }

        for (var count = 1; ; count++)
        {
            if (position >= _data.Length)
            {
                return DecodeFault.TruncatedTag;
            }

            if (count == BerTlvTag.MaxEncodedLength)
            {
                return DecodeFault.TagTooLong;
            }

            var next = _data[position++];
            tag = (tag << 8) | next;
            if ((next & 0x80) == 0)
            {
                return DecodeFault.None;
            }
        }
    }

    private readonly DecodeFault DecodeLength(ref int position, out int length)
    {
        length = 0;
        if (position >= _data.Length)
        {
            return DecodeFault.MissingLength;
        }

        var first = _data[position++];
        if (first < 0x80)
        {
            length = first;
            return DecodeFault.None;
        }

        if (first == 0x80)
        {
            return DecodeFault.IndefiniteLength;
        }

        var count = first & 0x7F;
        if (count > 4)
        {
            return DecodeFault.TooManyLengthBytes;
        }

        if (count > _data.Length - position)
        {
            return DecodeFault.TruncatedLength;
        }

        long value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 8) | _data[position++];
        }

        if (value > int.MaxValue)
        {
            return DecodeFault.LengthTooLarge;
        }

        length = (int)value;
        return DecodeFault.None;
    }

    /// <summary>The exception <see cref="Read"/> throws for a fault found at <paramref name="at"/> (the object's start, or its length field's).</summary>
    private readonly CardDataFormatException Describe(DecodeFault fault, int at)
    {
        var reason = fault switch
        {
            DecodeFault.NoData => "no data object left to read",
            DecodeFault.InvalidFirstTagByte => string.Format(CultureInfo.InvariantCulture, "'{0:X2}' is not a valid first tag byte", _data[at]),
            DecodeFault.TruncatedTag => "the tag is truncated",
            DecodeFault.TagTooLong => "tags longer than 3 bytes are outside ISO/IEC 7816-4",
            DecodeFault.MissingLength => "the length field is missing",
            DecodeFault.IndefiniteLength => "indefinite length ('80') is not allowed in card data",
            DecodeFault.TooManyLengthBytes => string.Format(CultureInfo.InvariantCulture, "a length of {0} length bytes is more than the 4 allowed", _data[at] & 0x7F),
            DecodeFault.TruncatedLength => "the length field is truncated",
            DecodeFault.LengthTooLarge => "the length is too large",
            _ => DescribeValuePastEnd(),
        };
        return Fault(at, reason);
    }

    private readonly CardDataFormatException Fault(int position, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "Malformed BER-TLV at offset {0}: {1}.", _baseOffset + position, reason));

    private readonly string DescribeValuePastEnd()
    {
        // Decode again up to the value: the message names the tag and the lengths.
        var position = _position;
        DecodeTag(ref position, out var tag);
        DecodeLength(ref position, out var length);
        return string.Format(CultureInfo.InvariantCulture, "tag {0:X2} declares {1} value bytes but only {2} remain", tag, length, _data.Length - position);
    }

    /// <summary>Why an object could not be decoded: <see cref="Read"/> turns it into a message, <see cref="TryRead"/> into <see langword="false"/>.</summary>
    private enum DecodeFault : byte
    {
        None,
        NoData,
        InvalidFirstTagByte,
        TruncatedTag,
        TagTooLong,
        MissingLength,
        IndefiniteLength,
        TooManyLengthBytes,
        TruncatedLength,
        LengthTooLarge,
        ValuePastEnd,
    }
}
