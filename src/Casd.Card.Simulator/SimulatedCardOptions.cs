using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Simulator;

/// <summary>How a simulated card behaves beyond the interface: matcher, T=0 habits, access rules.</summary>
public sealed record SimulatedCardOptions
{
    /// <summary>Gets the on-card matcher; <see cref="ElasticMatcher"/> when <see langword="null"/>.</summary>
    public IOnCardMatcher? Matcher { get; init; }

    /// <summary>Gets the serial number written when the card is manufactured (8 bytes); random when <see langword="null"/>.</summary>
    public ReadOnlyMemory<byte>? Serial { get; init; }

    /// <summary>
    /// Gets whether every response with data is first announced with '61XX' and fetched with
    /// GET RESPONSE, as a T=0 card does, so the host's GET RESPONSE handling is exercised.
    /// </summary>
    public bool AnswerWithGetResponse { get; init; }

    /// <summary>
    /// Gets whether a case 2 command whose Ne is shorter than the data is answered '6CXX' (the
    /// exact length) instead of with truncated data, as a T=0 card does.
    /// </summary>
    public bool AnswerWrongLengthWith6C { get; init; }

    /// <summary>Gets the largest response data the card sends in one response before chaining with '61XX' (at most 65,536).</summary>
    public int MaxResponseChunk { get; init; } = 65_536;

    /// <summary>
    /// Gets whether the access rules of the card interface are enforced: enrolment, reset and
    /// personalisation only inside SCP03 with C-DECRYPTION and C-MAC, VERIFY with data only inside
    /// an encrypting channel (SCP03 or SCP11b). On by default, as on a real card. A test of another
    /// layer (NVM tearing, T=0 shaping, the matcher) may turn it off explicitly and then grant the
    /// authority with <see cref="SimulatedCard.GrantPersonalisationAuthority"/>
    /// (docs/decisions/0073-access-rules-on-by-default.md).
    /// </summary>
    public bool EnforceChannelAccessRules { get; init; } = true;

    /// <summary>
    /// Gets the card's SCP03 static keys; the GlobalPlatform default test keys ('40 41 … 4F',
    /// key version '30') when <see langword="null"/>, so any GlobalPlatform tool can open a channel.
    /// </summary>
    public CardScp03Keys? Scp03Keys { get; init; }

    /// <summary>Gets the card's SCP11b key and certificates; SCP11b is refused ('6A88') when <see langword="null"/>.</summary>
    public CardScp11bCredentials? Scp11bCredentials { get; init; }
}
