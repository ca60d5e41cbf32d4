namespace Casd.Card.Reliability.Fuzzing;

/// <summary>
/// Several APDUs in one fuzz input, so the fuzzer can reach the states a sequence builds (selected,
/// personalised, in a channel): each is a kind byte, a 2-byte big-endian length and its bytes; a
/// length past the end takes what is left.
/// </summary>
internal static class ApduScript
{
    /// <summary>The most APDUs one input may carry: keeps an execution well inside AFL's time limit.</summary>
    public const int MaxApdus = 24;

    public static IEnumerable<(byte Kind, byte[] Apdu)> Split(ReadOnlyMemory<byte> script)
    {
        var count = 0;
        while (script.Length >= 3 && count++ < MaxApdus)
        {
            var kind = script.Span[0];
            var length = Math.Min((script.Span[1] << 8) | script.Span[2], script.Length - 3);
            yield return (kind, script.Slice(3, length).ToArray());
            script = script[(3 + length)..];
        }
    }

    public static byte[] Join(IEnumerable<(byte Kind, byte[] Apdu)> apdus)
    {
        var output = new List<byte>();
        foreach (var (kind, apdu) in apdus)
        {
            output.Add(kind);
            output.Add((byte)(apdu.Length >> 8));
            output.Add((byte)apdu.Length);
            output.AddRange(apdu);
        }

        return [.. output];
    }
}
