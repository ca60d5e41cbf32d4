namespace Casd.Card.SecureChannel;

/// <summary>The GlobalPlatform secure channel protocol of a <see cref="ScpChannel"/>.</summary>
public enum SecureChannelProtocol
{
    /// <summary>SCP03: symmetric static keys (Amendment D); the enrolment desk.</summary>
    Scp03 = 3,

    /// <summary>SCP11b: card authenticated by its certificate, ephemeral ECDH (Amendment F); the remote-access client.</summary>
    Scp11b = 11,
}
