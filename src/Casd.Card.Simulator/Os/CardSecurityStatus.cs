using Casd.Card.Interface;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// The card's volatile security status: the secure channel and its level, the personalisation
/// authority, and the finger verified in this session. Cleared at power-off, reset and SELECT.
/// </summary>
public sealed class CardSecurityStatus
{
    /// <summary>GlobalPlatform security level bit: command MAC.</summary>
    public const byte CommandMac = 0x01;

    /// <summary>GlobalPlatform security level bit: command decryption.</summary>
    public const byte CommandDecryption = 0x02;

    /// <summary>GlobalPlatform security level bit: response MAC.</summary>
    public const byte ResponseMac = 0x10;

    /// <summary>GlobalPlatform security level bit: response encryption.</summary>
    public const byte ResponseEncryption = 0x20;

    /// <summary>Gets or sets the open secure channel; the secure-messaging layer sets it.</summary>
    public SecureChannelKind Channel { get; set; }

    /// <summary>Gets or sets the GlobalPlatform security level of the open channel (bits above).</summary>
    public byte SecurityLevel { get; set; }

    /// <summary>
    /// Gets or sets whether the personalisation authority (the enrolment desk) is authenticated:
    /// required for PUT DATA, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GENERATE ASYMMETRIC KEY
    /// PAIR and the lifecycle commands. An SCP03 channel with C-DECRYPTION and C-MAC sets it; on a
    /// card whose access rules are off, <see cref="SimulatedCard.GrantPersonalisationAuthority"/> may too.
    /// </summary>
    public bool PersonalisationAuthority { get; set; }

    /// <summary>Gets the finger whose VERIFY succeeded in this session, if any; one signature consumes it.</summary>
    public FingerReference? VerifiedReference { get; internal set; }

    /// <summary>Gets whether the channel encrypts commands.</summary>
    public bool HasCommandEncryption => Channel != SecureChannelKind.None && (SecurityLevel & CommandDecryption) != 0;

    /// <summary>Clears everything, as at power-off, reset or SELECT.</summary>
    public void Clear()
    {
        Channel = SecureChannelKind.None;
        SecurityLevel = 0;
        PersonalisationAuthority = false;
        VerifiedReference = null;
    }
}
