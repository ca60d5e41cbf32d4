namespace Casd.Card.SecureChannel;

/// <summary>How an SCP03 channel is opened.</summary>
public sealed record Scp03Options : SecureMessagingOptions
{
    /// <summary>Gets the security level; <see cref="SecurityLevel.Full"/> by default.</summary>
    public SecurityLevel SecurityLevel { get; init; } = SecurityLevel.Full;

    /// <summary>Gets the key version number sent in INITIALIZE UPDATE; '00' lets the card pick its default. '30' by default.</summary>
    public byte KeyVersion { get; init; } = 0x30;

    /// <summary>
    /// Gets the host challenge generator, given a span of the mode's challenge length (8 or 16
    /// bytes); random bytes by default. Tests fix it to replay known answers.
    /// </summary>
    public Action<Span<byte>>? HostChallenge { get; init; }
}
