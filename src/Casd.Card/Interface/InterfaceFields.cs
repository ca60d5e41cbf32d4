using System.Globalization;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>Shared decoding of the fields of the interface's data objects; every fault is a <see cref="CardDataFormatException"/>.</summary>
internal static class InterfaceFields
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks that the bytes are exactly one object with the tag and returns its value.</summary>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> encoded, uint tag, string name)
    {
        var reader = new BerTlvReader(encoded);
        if (!reader.HasData)
        {
            throw Fault(name, "no data");
        }

        var element = reader.Read();
        if (element.Tag != tag)
        {
            throw Fault(name, string.Format(CultureInfo.InvariantCulture, "expected tag {0:X} but found {1:X}", tag, element.Tag));
        }

        if (reader.HasData)
        {
            throw Fault(name, "unexpected bytes after the data object");
        }

        return element.Value;
    }

    public static string ReadText(ReadOnlySpan<byte> value, string name, string field, int minLength, int maxLength)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CardDataFormatException(string.Format(CultureInfo.InvariantCulture, "Malformed {0}: {1} is not valid UTF-8.", name, field), ex);
        }

        if (text.Length < minLength || text.Length > maxLength)
        {
            throw Fault(name, string.Format(CultureInfo.InvariantCulture, "{0} must have {1} to {2} characters, found {3}", field, minLength, maxLength, text.Length));
        }

        return text;
    }

    public static byte[] EncodeText(string value, string field, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length < minLength || value.Length > maxLength)
        {
            throw new ArgumentOutOfRangeException(field, value.Length, string.Format(CultureInfo.InvariantCulture, "{0} must have {1} to {2} characters.", field, minLength, maxLength));
        }

        return StrictUtf8.GetBytes(value);
    }

    public static DateOnly ReadDate(ReadOnlySpan<byte> value, string name, string field)
    {
        Span<char> chars = stackalloc char[8];
        if (value.Length != 8)
        {
            throw Fault(name, field + " must be 8 ASCII digits YYYYMMDD");
        }

        for (var i = 0; i < 8; i++)
        {
            if (value[i] is < (byte)'0' or > (byte)'9')
            {
                throw Fault(name, field + " must be 8 ASCII digits YYYYMMDD");
            }

            chars[i] = (char)value[i];
        }

        if (!DateOnly.TryParseExact(chars, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Fault(name, field + " is not a valid calendar date");
        }

        return date;
    }

    public static byte[] EncodeDate(DateOnly date) => Encoding.ASCII.GetBytes(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public static byte ReadByte(ReadOnlySpan<byte> value, string name, string field)
    {
        if (value.Length != 1)
        {
            throw Fault(name, string.Format(CultureInfo.InvariantCulture, "{0} must be 1 byte, found {1}", field, value.Length));
        }

        return value[0];
    }

    public static bool ReadBoolean(ReadOnlySpan<byte> value, string name, string field) => ReadByte(value, name, field) switch
    {
        0x00 => false,
        0x01 => true,
        var other => throw Fault(name, string.Format(CultureInfo.InvariantCulture, "{0} must be 00 or 01, found {1:X2}", field, other)),
    };

    public static CardDataFormatException Fault(string name, string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "Malformed {0}: {1}.", name, reason));

    public static CardDataFormatException Missing(string name, uint tag) =>
        Fault(name, string.Format(CultureInfo.InvariantCulture, "the mandatory tag {0:X2} is missing", tag));

    public static CardDataFormatException Duplicate(string name, uint tag) =>
        Fault(name, string.Format(CultureInfo.InvariantCulture, "tag {0:X2} appears twice", tag));

    public static CardDataFormatException Unknown(string name, uint tag) =>
        Fault(name, string.Format(CultureInfo.InvariantCulture, "tag {0:X2} is not defined", tag));
}
