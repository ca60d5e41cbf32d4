using Casd.Card.Interface;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// The card's volatile security status: the secure-channel session and its level, the
/// personalisation authority, and the finger verified in that session.
/// </summary>
/// <remarks>
/// Security status belongs to the secure session that earned it, as Java Card transient
/// <c>CLEAR_ON_DESELECT</c> memory and PIV's security status do: every change of session
/// (<see cref="OpenChannel"/>, <see cref="CloseChannel"/>, <see cref="Clear"/>) forgets the
/// verification and the authority. A verification is also recorded with the number of the session
/// it happened in (<see cref="VerifiedSession"/>), so a check that the signature comes from the same
/// session does not depend on every path remembering to clear it.
/// </remarks>
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

    private (FingerReference Reference, long Session)? _verified;

    /// <summary>Gets the open secure channel, <see cref="SecureChannelKind.None"/> when commands go in clear.</summary>
    public SecureChannelKind Channel { get; private set; }

    /// <summary>Gets the GlobalPlatform security level of the open channel (bits above).</summary>
    public byte SecurityLevel { get; private set; }

    /// <summary>
    /// Gets the number of the current session: it changes whenever a channel opens or closes, at
    /// SELECT, reset and power-off. A verification is valid only while this number is the one it
    /// was made under.
    /// </summary>
    public long Session { get; private set; }

    /// <summary>
    /// Gets whether the personalisation authority (the enrolment desk) is authenticated:
    /// required for PUT DATA, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GENERATE ASYMMETRIC KEY
    /// PAIR and the lifecycle commands. An SCP03 channel with C-DECRYPTION and C-MAC sets it; on a
    /// card whose access rules are off, <see cref="SimulatedCard.GrantPersonalisationAuthority"/> may too.
    /// </summary>
    public bool PersonalisationAuthority { get; private set; }

    /// <summary>Gets the finger whose VERIFY succeeded in the current session, if any; one signature consumes it.</summary>
    public FingerReference? VerifiedReference => _verified is { } v && v.Session == Session ? v.Reference : null;

    /// <summary>Gets the session the last successful VERIFY happened in, if it is still recorded.</summary>
    public long? VerifiedSession => _verified?.Session;

    /// <summary>Gets whether the channel encrypts commands.</summary>
    public bool HasCommandEncryption => Channel != SecureChannelKind.None && (SecurityLevel & CommandDecryption) != 0;

    /// <summary>Gets whether the channel authenticates both directions: C-MAC on commands and R-MAC on responses.</summary>
    public bool HasCommandAndResponseMac =>
        Channel != SecureChannelKind.None && (SecurityLevel & (CommandMac | ResponseMac)) == (CommandMac | ResponseMac);

    /// <summary>Starts a new secure-channel session: whatever the previous session earned is forgotten.</summary>
    /// <param name="kind">The protocol of the channel.</param>
    /// <param name="level">Its GlobalPlatform security level.</param>
    /// <param name="personalisationAuthority">Whether the channel authenticates the personalisation authority.</param>
    public void OpenChannel(SecureChannelKind kind, byte level, bool personalisationAuthority)
    {
        if (kind == SecureChannelKind.None)
        {
            throw new ArgumentException("Use CloseChannel to end a session.", nameof(kind));
        }

        NewSession();
        Channel = kind;
        SecurityLevel = level;
        PersonalisationAuthority = personalisationAuthority;
    }

    /// <summary>
    /// Ends the secure-channel session for any reason (a MAC failure, a command in clear, a new
    /// authentication): the verification and the authority die with it.
    /// </summary>
    public void CloseChannel()
    {
        if (Channel != SecureChannelKind.None || PersonalisationAuthority || _verified is not null)
        {
            NewSession();
        }
    }

    /// <summary>Clears everything, as at power-off, reset or SELECT.</summary>
    public void Clear() => NewSession();

    /// <summary>Records a successful VERIFY in the current session.</summary>
    /// <param name="reference">The finger that matched.</param>
    internal void MarkVerified(FingerReference reference) => _verified = (reference, Session);

    /// <summary>Forgets a verification: one signature consumed it, or a new comparison started.</summary>
    /// <param name="reference">Only this finger's verification, or any when <see langword="null"/>.</param>
    internal void ForgetVerification(FingerReference? reference = null)
    {
        if (reference is null || _verified?.Reference == reference)
        {
            _verified = null;
        }
    }

    /// <summary>Simulator only: grants the personalisation authority without a channel (access rules off).</summary>
    internal void GrantPersonalisationAuthority() => PersonalisationAuthority = true;

    private void NewSession()
    {
        Session++;
        Channel = SecureChannelKind.None;
        SecurityLevel = 0;
        PersonalisationAuthority = false;
        _verified = null;
    }
}
