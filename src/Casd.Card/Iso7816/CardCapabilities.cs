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
}
