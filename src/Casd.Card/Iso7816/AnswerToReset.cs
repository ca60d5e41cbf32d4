namespace Casd.Card.Iso7816;

/// <summary>The structure of an answer to reset (ISO/IEC 7816-3, 8.2), as far as the host needs it.</summary>
internal static class AnswerToReset
{
    /// <summary>
    /// Gets the historical bytes: TS, T0, then the interface bytes each TDi announces, then the K
    /// historical bytes T0 announces. Empty when the ATR is too short for what it announces.
    /// </summary>
    public static ReadOnlySpan<byte> HistoricalBytes(ReadOnlySpan<byte> atr)
    {
        if (atr.Length < 2 || atr[0] is not (0x3B or 0x3F))
        {
            return [];
        }

        var historicalCount = atr[1] & 0x0F;
        var indicator = atr[1];
        var offset = 2;
        while (true)
        {
            // The high nibble of T0 and of each TDi says which of TAi, TBi, TCi, TDi follow.
            offset += System.Numerics.BitOperations.PopCount((uint)(indicator & 0x70));
            if ((indicator & 0x80) == 0)
            {
                break;
            }

            if (offset >= atr.Length)
            {
                return [];
            }

            indicator = atr[offset++];
        }

        return atr.Length >= offset + historicalCount ? atr.Slice(offset, historicalCount) : [];
    }
}
