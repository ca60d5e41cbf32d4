using System.Security.Cryptography.X509Certificates;
using Casd.Card.SecureChannel;

namespace Casd.Card;

/// <summary>
/// What a <see cref="SecureChannelFactory"/> needs: the desk's SCP03 key provider for
/// personalisation, the CASD issuing CAs and a clock for verification. A desk sets the first, a
/// remote-access client the second; a purpose whose part is missing is refused with an
/// <see cref="InvalidOperationException"/> before anything is sent to the card.
/// </summary>
public sealed record SecureChannelFactoryOptions
{
    /// <summary>
    /// Gets the provider of the cards' SCP03 static keys (a <see cref="DiversifiedScp03KeyProvider"/>
    /// over the desk master key, or an HSM); required for <see cref="CardChannelPurpose.Personalisation"/>.
    /// Not disposed by the factory.
    /// </summary>
    public IScp03KeyProvider? Scp03KeyProvider { get; init; }

    /// <summary>
    /// Gets the SCP03 options: <see cref="SecurityLevel.Full"/> (C-DECRYPTION, C-MAC, R-MAC,
    /// R-ENCRYPTION) and key version '30' by default. A level without C-DECRYPTION is refused:
    /// a CASD card grants personalisation only to an encrypting channel.
    /// </summary>
    public Scp03Options Scp03 { get; init; } = new();

    /// <summary>Gets the CASD issuing CA certificates an SCP11b card certificate must chain to; required for <see cref="CardChannelPurpose.Verification"/>.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Gets the clock the card certificate's validity is judged by; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the key version of the card's SCP11b key ('01' by default).</summary>
    public byte Scp11bKeyVersion { get; init; } = 0x01;

    /// <summary>Gets the key identifier of the card's SCP11b key ('13' by default).</summary>
    public byte Scp11bKeyId { get; init; } = 0x13;
}
