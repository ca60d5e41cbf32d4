namespace Casd.Card.Simulator.Os;

/// <summary>
/// The simulated card's answer to reset: direct convention, T=1 only (IFSC 254, BWI 4, CWI 5),
/// and historical bytes '80 73 80 21 C0' whose card-capabilities byte announces command
/// chaining and extended Lc/Le (ISO/IEC 7816-4, 12.1.1.9).
/// </summary>
public static class CardAtr
{
    private static readonly byte[] Value = Build();

    /// <summary>Gets the ATR bytes.</summary>
    public static ReadOnlySpan<byte> Bytes => Value;

    /// <summary>Gets the ATR as upper-case hexadecimal without spaces.</summary>
    public static string Hex => Convert.ToHexString(Value);

    internal static byte[] ToArray() => (byte[])Value.Clone();

    private static byte[] Build()
    {
        byte[] body =
        [
            0x3B, // TS: direct convention
            0x85, // T0: TD1 follows, 5 historical bytes
            0x81, // TD1: TD2 follows, T=1
            0x31, // TD2: TA3 and TB3 follow, T=1
            0xFE, // TA3: IFSC 254
            0x45, // TB3: BWI 4, CWI 5
            0x80, // category indicator: compact-TLV objects follow
            0x73, 0x80, 0x21, 0xC0, // card capabilities: select by full DF name; chaining and extended Lc/Le
            0x00, // TCK, computed below
        ];
        byte tck = 0;
        for (var i = 1; i < body.Length - 1; i++)
        {
            tck ^= body[i];
        }

        body[^1] = tck;
        return body;
    }
}
