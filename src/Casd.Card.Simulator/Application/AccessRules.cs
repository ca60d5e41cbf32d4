using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// Who may do what over which channel (docs/card-interface.md, section 5; decisions 0073, 0075):
/// the desk's commands need the personalisation authority, which only SCP03 with C-DECRYPTION and
/// C-MAC gives when the rules are enforced; a probe must arrive encrypted; a challenge must arrive
/// and its signature leave authenticated. With the rules off (tests of other layers) only the
/// authority and the session binding of a verification remain.
/// </summary>
internal sealed class AccessRules(bool enforceChannel)
{
    private const byte PersonalisationLevel = CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption;

    /// <summary>
    /// The refusal of a desk command, if any: '6985' when the lifecycle state does not accept it,
    /// then '6982' without the personalisation authority; <see langword="null"/> when it may run.
    /// </summary>
    /// <param name="stateAccepts">Whether the current lifecycle state accepts the command (<see cref="LifecycleRules"/>).</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The status word to answer, or <see langword="null"/>.</returns>
    public ushort? RefuseDeskCommand(bool stateAccepts, CardSecurityStatus status) =>
        !stateAccepts ? Sw.ConditionsOfUseNotSatisfied
        : !HasPersonalisationAuthority(status) ? Sw.SecurityStatusNotSatisfied
        : null;

    /// <summary>Whether the desk is authenticated in this session, over the channel the rules ask for.</summary>
    /// <param name="status">The card's security status.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool HasPersonalisationAuthority(CardSecurityStatus status) =>
        status.PersonalisationAuthority
        && (!enforceChannel || (status.Channel == SecureChannelKind.Scp03 && (status.SecurityLevel & PersonalisationLevel) == PersonalisationLevel));

    /// <summary>Whether a VERIFY may carry a probe: only encrypted, so no template crosses the link in clear.</summary>
    /// <param name="status">The card's security status.</param>
    /// <returns><see langword="true"/> when it may.</returns>
    public bool AllowsProbe(CardSecurityStatus status) => !enforceChannel || status.HasCommandEncryption;

    /// <summary>Whether a signature may be asked for: the challenge must arrive and the signature leave authenticated.</summary>
    /// <param name="status">The card's security status.</param>
    /// <returns><see langword="true"/> when it may.</returns>
    public bool AllowsSigning(CardSecurityStatus status) => !enforceChannel || status.HasCommandAndResponseMac;
}
