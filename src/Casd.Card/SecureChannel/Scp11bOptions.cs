using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.SecureChannel;

/// <summary>How an SCP11b channel is opened and the card's certificate judged.</summary>
public sealed record Scp11bOptions : SecureMessagingOptions
{
    /// <summary>Gets the CASD issuing CA certificates the card's certificate must chain to; at least one.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Gets the clock the validity dates are checked against; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets the serial number (hexadecimal) the card's certificate must name in its subject
    /// SERIALNUMBER; any card of the trusted CA when <see langword="null"/>.
    /// </summary>
    public string? ExpectedCardSerial { get; init; }

    /// <summary>Gets the key version number of the card's SCP11b key ('01' by default).</summary>
    public byte KeyVersion { get; init; } = 0x01;

    /// <summary>Gets the key identifier of the card's SCP11b key ('13' by default).</summary>
    public byte KeyId { get; init; } = 0x13;

    /// <summary>Gets the security level: SCP11b sessions always run at <see cref="SecurityLevel.Full"/>; other values are refused.</summary>
    public SecurityLevel SecurityLevel { get; init; } = SecurityLevel.Full;
}
