using System.Security.Cryptography;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The finger references '96' and '97' (key references as in PIV on-card comparison): VERIFY, which
/// spends a try before it compares, CHANGE REFERENCE DATA, which stores the matcher's prepared
/// reference, and RESET RETRY COUNTER. No command ever returns template bytes.
/// </summary>
internal sealed class BiometricCommands(AppletRecords records, AccessRules rules, IOnCardMatcher matcher)
{
    /// <summary>VERIFY: with a probe, a comparison; without, the status; P1 'FF' forgets the verification.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse Verify(CommandApdu command, CardSecurityStatus status)
    {
        if (!TryGetReference(command.P2, out var reference))
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (command.P1 == 0xFF)
        {
            if (command.Nc != 0)
            {
                return CardResponse.Status(Sw.WrongLength);
            }

            status.ForgetVerification(reference);
            return CardResponse.Ok();
        }

        if (command.P1 != 0x00)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (!LifecycleRules.AcceptsVerification(records.Lifecycle))
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (command.Nc != 0 && !rules.AllowsProbe(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        var stored = records.Read(NvmLayout.Reference(reference));
        if (stored is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        try
        {
            int left = records.Read(NvmLayout.RetryCounter(reference))![0];
            if (command.Nc == 0)
            {
                return status.VerifiedReference == reference ? CardResponse.Ok()
                    : left == 0 ? CardResponse.Status(Sw.AuthenticationMethodBlocked)
                    : CardResponse.Status(Sw.RetriesLeft(left));
            }

            if (left == 0)
            {
                return CardResponse.Status(Sw.AuthenticationMethodBlocked);
            }

            if (!BiometricDataTemplate.TryReadProbe(command.Data.Span, out var probe))
            {
                return CardResponse.Status(Sw.IncorrectData);
            }

            // Decrement and commit before comparing: pulling the card during the comparison costs a try.
            status.ForgetVerification();
            records.Begin().Set(NvmLayout.RetryCounter(reference), [(byte)(left - 1)]).Commit();
            var level = (MatchSecurityLevel)stored[0];
            var score = matcher.ComparePrepared(stored.AsSpan(1), probe);
            if (score < matcher.GetThreshold(level))
            {
                return CardResponse.Status(Sw.RetriesLeft(left - 1));
            }

            records.Begin().Set(NvmLayout.RetryCounter(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();

            // Valid only in this secure session (CardSecurityStatus): it dies with the channel.
            status.MarkVerified(reference);
            return CardResponse.Ok();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stored);
        }
    }

    /// <summary>CHANGE REFERENCE DATA: enrols a finger and gives it all its tries.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse ChangeReferenceData(CommandApdu command, CardSecurityStatus status)
    {
        if (!TryGetReference(command.P2, out var reference))
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (command.P1 != 0x00)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.AcceptsPersonalisation(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        if (!BiometricDataTemplate.TryReadEnrolment(command.Data.Span, out var minutiae, out var level))
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        // The card stores the matcher's prepared reference (its local structures), computed once here.
        var prepared = new byte[1 + matcher.GetPreparedReferenceLength(minutiae)];
        prepared[0] = (byte)level;
        var cell = prepared[..(1 + matcher.PrepareReference(minutiae, prepared.AsSpan(1)))];
        CryptographicOperations.ZeroMemory(prepared);
        records.Begin().Set(NvmLayout.Reference(reference), cell).Set(NvmLayout.RetryCounter(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();
        CryptographicOperations.ZeroMemory(cell);
        status.ForgetVerification(reference);
        return CardResponse.Ok();
    }

    /// <summary>RESET RETRY COUNTER (P1 '03', no new reference data): the desk unblocks a finger.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse ResetRetryCounter(CommandApdu command, CardSecurityStatus status)
    {
        if (!TryGetReference(command.P2, out var reference))
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (command.P1 != 0x03)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (command.Nc != 0)
        {
            return CardResponse.Status(Sw.WrongLength);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.AcceptsVerification(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        if (records.Read(NvmLayout.RetryCounter(reference)) is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        records.Begin().Set(NvmLayout.RetryCounter(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();
        return CardResponse.Ok();
    }

    private static bool TryGetReference(byte p2, out FingerReference reference)
    {
        reference = (FingerReference)p2;
        return p2 is 0x96 or 0x97;
    }
}
