using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The commands that move the card along its lifecycle (<see cref="LifecycleRules"/>): ACTIVATE,
/// DEACTIVATE, TERMINATE, and DELETE FILE, which erases an unfinished personalisation (decision
/// 0061). Each is one NVM transaction; each forgets a verification made before it.
/// </summary>
internal sealed class LifecycleCommands(AppletRecords records, AccessRules rules)
{
    /// <summary>ACTIVATE FILE: personalisation (when complete) or blocked to issued.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse Activate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.CanActivate(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        if (records.Lifecycle == CardLifecycleState.Personalisation && !IsComplete())
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        return ChangeLifecycle(CardLifecycleState.Issued, status);
    }

    /// <summary>DEACTIVATE FILE: issued to blocked.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse Deactivate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        return rules.RefuseDeskCommand(LifecycleRules.CanDeactivate(records.Lifecycle), status) is { } refusal
            ? CardResponse.Status(refusal)
            : ChangeLifecycle(CardLifecycleState.Blocked, status);
    }

    /// <summary>TERMINATE CARD USAGE: for good, erasing the key and the finger references with the state change.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse Terminate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.CanTerminate(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        // Termination erases the secrets with the state change, in one transaction.
        records.Begin()
            .Set(NvmLayout.Lifecycle, [(byte)CardLifecycleState.Terminated])
            .Remove(NvmLayout.CardKey)
            .Remove(NvmLayout.Reference(FingerReference.Primary))
            .Remove(NvmLayout.Reference(FingerReference.Secondary))
            .Commit();
        records.ReplaceKey(null);
        status.ForgetVerification();
        records.Committed(CardLifecycleState.Terminated);
        return CardResponse.Ok();
    }

    /// <summary>DELETE FILE (P1-P2 '0000', no data): erases everything personalisation wrote, in one transaction.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse ErasePersonalisation(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (command.Nc != 0)
        {
            return CardResponse.Status(Sw.WrongLength);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.AcceptsPersonalisation(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        // One transaction: a tear leaves either the old personalisation or none.
        records.Begin()
            .Remove(NvmLayout.Holder)
            .Remove(NvmLayout.Project)
            .Remove(NvmLayout.EnrolmentRecord)
            .Remove(NvmLayout.Certificate)
            .Remove(NvmLayout.CardKey)
            .Remove(NvmLayout.Reference(FingerReference.Primary))
            .Remove(NvmLayout.Reference(FingerReference.Secondary))
            .Remove(NvmLayout.RetryCounter(FingerReference.Primary))
            .Remove(NvmLayout.RetryCounter(FingerReference.Secondary))
            .Commit();
        records.ReplaceKey(null);
        status.ForgetVerification();
        return CardResponse.Ok();
    }

    private CardResponse ChangeLifecycle(CardLifecycleState state, CardSecurityStatus status)
    {
        // A verification made before the change (the desk's connection test) does not carry over.
        status.ForgetVerification();
        records.Begin().Set(NvmLayout.Lifecycle, [(byte)state]).Commit();
        records.Committed(state);
        return CardResponse.Ok();
    }

    /// <summary>What ACTIVATE needs of a card under personalisation: every record, the key, its certificate and finger 1.</summary>
    private bool IsComplete() =>
        records.Read(NvmLayout.Holder) is not null && records.Read(NvmLayout.Project) is not null && records.Read(NvmLayout.EnrolmentRecord) is not null
        && records.Key is not null && records.Read(NvmLayout.Certificate) is not null && records.Read(NvmLayout.RetryCounter(FingerReference.Primary)) is not null;
}
