namespace Casd.Card.Iso7816;

/// <summary>
/// What a card (and the reader in front of it) accepts, which decides how the pipeline formats
/// commands, and the bounds it enforces on a card's answers.
/// </summary>
public sealed record CardCapabilities
{
    /// <summary>Gets the capabilities every ISO/IEC 7816 card has: short APDUs with command chaining.</summary>
    public static CardCapabilities ShortOnly { get; } = new();

    /// <summary>Gets capabilities for a card with extended length fields (as the CASD card announces in its ATR).</summary>
    public static CardCapabilities Extended { get; } = new() { SupportsExtendedLength = true, MaxCommandDataLength = CommandApdu.MaxExtendedDataLength };

    /// <summary>Gets whether the card accepts extended Lc/Le fields.</summary>
    public bool SupportsExtendedLength { get; init; }

    /// <summary>Gets whether the card accepts command chaining (CLA bit '10').</summary>
    public bool SupportsCommandChaining { get; init; } = true;

    /// <summary>Gets the most command data the card takes in one APDU; longer data is chained.</summary>
    public int MaxCommandDataLength { get; init; } = CommandApdu.MaxShortDataLength;

    /// <summary>Gets the most response data the pipeline accepts for one command, across GET RESPONSE rounds.</summary>
    public int MaxResponseDataLength { get; init; } = CommandApdu.MaxExtendedExpectedLength;

    /// <summary>Gets the most GET RESPONSE rounds the pipeline performs for one command before it gives up on the card.</summary>
    public int MaxGetResponseRounds { get; init; } = 300;

    /// <summary>
    /// Reads what a card announces in the historical bytes of its answer to reset: the card
    /// capabilities (ISO/IEC 7816-4, 8.1.1.2.7, compact-TLV tag '7'), whose third byte says whether
    /// the card takes extended Lc/Le fields (bit b7) and command chaining (bit b8). A card that
    /// announces nothing, or an ATR that does not parse, gets <see cref="ShortOnly"/>: every card
    /// takes short APDUs.
    /// </summary>
    /// <param name="atr">The answer to reset.</param>
    /// <returns>The capabilities.</returns>
    public static CardCapabilities FromAtr(ReadOnlySpan<byte> atr)
    {
        var historical = AnswerToReset.HistoricalBytes(atr);
        if (historical.IsEmpty || historical[0] is not (0x00 or 0x80))
        {
            // '10' (DIR data reference) and proprietary categories announce no capabilities here.
            return ShortOnly;
        }

        // Category '00' ends with a 3-byte status indicator that is not compact-TLV.
        var objects = historical[0] == 0x00 ? historical[1..Math.Max(1, historical.Length - 3)] : historical[1..];
        while (objects.Length > 0)
        {
            var tag = objects[0] >> 4;
            var length = objects[0] & 0x0F;
            if (objects.Length < 1 + length)
            {
                return ShortOnly;
            }

            if (tag == 0x7 && length == 3)
            {
                var third = objects[3];
                return new CardCapabilities
                {
                    SupportsCommandChaining = (third & 0x80) != 0,
                    SupportsExtendedLength = (third & 0x40) != 0,
                    MaxCommandDataLength = (third & 0x40) != 0 ? CommandApdu.MaxExtendedDataLength : CommandApdu.MaxShortDataLength,
                };
            }

            objects = objects[(1 + length)..];
        }

        return ShortOnly;
    }
}
