using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>
/// BER-TLV tags as used by ISO/IEC 7816-4: one to three bytes held big-endian in a
/// <see cref="uint"/> (for example <c>0x7F61</c>), as they appear on the wire.
/// </summary>
public static class BerTlvTag
{
    /// <summary>The longest tag ISO/IEC 7816-4 defines, in bytes.</summary>
    public const int MaxEncodedLength = 3;

    /// <summary>Gets whether a tag denotes a constructed data object (b6 of its first byte).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns><see langword="true"/> for a constructed object.</returns>
    public static bool IsConstructed(uint tag) => (FirstByte(tag) & 0x20) != 0;

    /// <summary>Gets the number of bytes the tag occupies.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>1, 2 or 3.</returns>
    /// <exception cref="ArgumentException">The value is not a valid tag of at most 3 bytes.</exception>
    public static int GetEncodedLength(uint tag)
    {
        var length = tag <= 0xFF ? 1 : tag <= 0xFFFF ? 2 : tag <= 0xFFFFFF ? 3 : 4;
        Validate(tag, length);
        return length;
    }

    /// <summary>Writes a tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="destination">Where to write; must hold <see cref="GetEncodedLength(uint)"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(uint tag, Span<byte> destination)
    {
        var length = GetEncodedLength(tag);
        for (var i = 0; i < length; i++)
        {
            destination[i] = (byte)(tag >> (8 * (length - 1 - i)));
        }

        return length;
    }

    private static byte FirstByte(uint tag) =>
        tag <= 0xFF ? (byte)tag : tag <= 0xFFFF ? (byte)(tag >> 8) : (byte)(tag >> 16);

    private static void Validate(uint tag, int length)
    {
        if (length > MaxEncodedLength)
        {
            throw Invalid(tag, "tags longer than 3 bytes are outside ISO/IEC 7816-4");
        }

        var first = (byte)(tag >> (8 * (length - 1)));
        var multiByte = (first & 0x1F) == 0x1F;
        if (length == 1 ? multiByte : !multiByte)
        {
            throw Invalid(tag, "the first byte's tag-number bits disagree with the tag's length");
        }

        for (var i = 1; i < length; i++)
        {
            var b = (byte)(tag >> (8 * (length - 1 - i)));
            var last = i == length - 1;
            if (((b & 0x80) != 0) == last)
            {
                throw Invalid(tag, "a subsequent tag byte has the wrong continuation bit");
            }
        }
    }

    private static ArgumentException Invalid(uint tag, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "0x{0:X} is not a valid BER-TLV tag: {1}.", tag, reason), nameof(tag));
}
