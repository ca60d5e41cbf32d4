using System.Text;

namespace Casd.Card.Pcsc.Native;

/// <summary>Conversions of PC/SC strings: NUL-terminated names and double-NUL-terminated multi-strings.</summary>
internal static class PcscStrings
{
    /// <summary>Encodes a name as NUL-terminated UTF-8 (pcsc-lite, PCSC.framework).</summary>
    public static byte[] ToUtf8Z(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    /// <summary>Splits a UTF-8 multi-string ("a\0b\0\0") into its names.</summary>
    public static IReadOnlyList<string> SplitUtf8(ReadOnlySpan<byte> multi)
    {
        var names = new List<string>();
        while (!multi.IsEmpty)
        {
            var end = multi.IndexOf((byte)0);
            if (end < 0)
            {
                end = multi.Length;
            }

            if (end == 0)
            {
                break;
            }

            names.Add(Encoding.UTF8.GetString(multi[..end]));
            multi = end < multi.Length ? multi[(end + 1)..] : [];
        }

        return names;
    }

    /// <summary>Splits a UTF-16 multi-string (winscard.dll W functions) into its names.</summary>
    public static IReadOnlyList<string> SplitUtf16(ReadOnlySpan<char> multi)
    {
        var names = new List<string>();
        while (!multi.IsEmpty)
        {
            var end = multi.IndexOf('\0');
            if (end < 0)
            {
                end = multi.Length;
            }

            if (end == 0)
            {
                break;
            }

            names.Add(new string(multi[..end]));
            multi = end < multi.Length ? multi[(end + 1)..] : [];
        }

        return names;
    }
}
