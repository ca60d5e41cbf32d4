using System.Buffers.Binary;
using System.Security.Cryptography;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// GENERAL AUTHENTICATE, the one signing command (decision 0077): the card builds the login
/// statement from its own records around the audience hash and the challenge, and signs it only
/// when issued, inside the secure session of a successful VERIFY, once per VERIFY, with its
/// signature counter committed before the signature leaves.
/// </summary>
internal sealed class LoginSigning(AppletRecords records, AccessRules rules)
{
    /// <summary>GENERAL AUTHENTICATE '7C' { '81' challenge, 'A0' { '80' audience hash }, '82' empty }, in any order, each once.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer: '7C' { 'BF40' statement, '82' signature }.</returns>
    public CardResponse GeneralAuthenticate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != KeyCommands.EccP256Algorithm || command.P2 != KeyCommands.CardKeyReference)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        var data = command.Data.Span;
        if (!BerTlvReader.TryReadElement(data, out var template, out var consumed) || consumed != data.Length
            || template.Tag != CasdTags.DynamicAuthenticationTemplate)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        ReadOnlySpan<byte> challenge = default, audienceHash = default;
        bool sawChallenge = false, sawAudience = false, sawResponse = false;
        var inner = template.CreateReader();
        while (inner.HasData)
        {
            if (!inner.TryRead(out var e))
            {
                return CardResponse.Status(Sw.IncorrectData);
            }

            if (e.Tag == CasdTags.Challenge && !sawChallenge)
            {
                challenge = e.Value;
                sawChallenge = true;
            }
            else if (e.Tag == CasdTags.Response && e.Value.IsEmpty && !sawResponse)
            {
                sawResponse = true;
            }
            else if (e.Tag == CasdTags.IdentificationDataTemplate && !sawAudience)
            {
                var identification = e.CreateReader();
                if (!identification.TryRead(out var hash) || hash.Tag != CasdTags.AudienceHash || identification.HasData)
                {
                    return CardResponse.Status(Sw.IncorrectData);
                }

                audienceHash = hash.Value;
                sawAudience = true;
            }
            else
            {
                return CardResponse.Status(Sw.IncorrectData);
            }
        }

        if (!sawChallenge || !sawAudience || !sawResponse)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        return SignLogin(audienceHash, challenge, status);
    }

    private CardResponse SignLogin(ReadOnlySpan<byte> audienceHash, ReadOnlySpan<byte> challenge, CardSecurityStatus status)
    {
        if (!LifecycleRules.AcceptsSignature(records.Lifecycle))
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (records.Key is not { } key)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        // The challenge must arrive authenticated and the signature leave authenticated, in the
        // same secure session as the VERIFY (VerifiedReference is null once that session ended).
        if (!rules.AllowsSigning(status) || status.VerifiedReference is not { } finger)
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        if (audienceHash.Length != LoginStatementCard.AudienceHashLength
            || challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        var counter = records.Read(NvmLayout.SignatureCounter) is { Length: 4 } c ? BinaryPrimitives.ReadUInt32BigEndian(c) : 0u;
        if (counter == uint.MaxValue)
        {
            // The counter never wraps: a repeated value would look like a clone to every server.
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        var statement = LoginStatementCard.Build(records.Memory, audienceHash, challenge, finger, counter + 1);
        if (statement is null)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        // One verification, one signature; the counter is committed before the signature leaves,
        // so a torn command costs a counter value and never repeats one.
        status.ForgetVerification();
        var next = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(next, counter + 1);
        records.Begin().Set(NvmLayout.SignatureCounter, next).Commit();
        var signature = key.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        using var writer = new BerTlvWriter(statement.Length + signature.Length + 8);
        using (writer.PushConstructed(CasdTags.DynamicAuthenticationTemplate))
        {
            writer.WriteEncoded(statement);
            writer.Write(CasdTags.Response, signature);
        }

        return CardResponse.Ok(writer.ToArray());
    }
}
