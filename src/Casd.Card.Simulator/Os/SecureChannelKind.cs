namespace Casd.Card.Simulator.Os;

/// <summary>Which secure channel protects the current session.</summary>
public enum SecureChannelKind
{
    /// <summary>No secure channel: commands travel in clear.</summary>
    None = 0,

    /// <summary>GlobalPlatform SCP03 (static keys; the enrolment desk).</summary>
    Scp03 = 3,

    /// <summary>GlobalPlatform SCP11b (card-authenticated ECDH; the remote-access client).</summary>
    Scp11b = 11,
}
