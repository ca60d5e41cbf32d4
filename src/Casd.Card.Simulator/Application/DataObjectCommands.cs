using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The application's data objects (docs/card-interface.md): GET DATA of the public ones and of the
/// login information 'BF25', PUT DATA of the ones the desk writes, each checked before it is stored.
/// </summary>
internal sealed class DataObjectCommands(AppletRecords records, AccessRules rules, KeyCommands keys, BiometricObjects biometrics)
{
    /// <summary>GET DATA: the object whose tag is P1-P2, '6A88' when the card has none.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse GetData(CommandApdu command, CardSecurityStatus status)
    {
        if (command.Nc != 0)
        {
            return CardResponse.Status(Sw.WrongLength);
        }

        var tag = (uint)((command.P1 << 8) | command.P2);
        var value = tag switch
        {
            CasdTags.CardSerial => Wrap(tag, records.Read(NvmLayout.Serial)),
            CasdTags.Lifecycle => Wrap(tag, [(byte)records.Lifecycle]),
            CasdTags.Certificate => records.Read(NvmLayout.Certificate),
            CasdTags.PublicKey => keys.PublicKeyObject(),
            CasdTags.Holder => records.Read(NvmLayout.Holder),
            CasdTags.Project => records.Read(NvmLayout.Project),
            CasdTags.EnrolmentRecord => records.Read(NvmLayout.EnrolmentRecord),
            CasdTags.SecureChannelStatus => CardSecureChannel.EncodeStatus(records.Memory),
            CasdTags.LoginInformation => LoginInformation(status),
            CasdTags.BiometricStatus => biometrics.Status(status.VerifiedReference),
            _ => null,
        };
        return value is null ? CardResponse.Status(Sw.ReferencedDataNotFound) : CardResponse.Ok(value);
    }

    /// <summary>PUT DATA of the holder, project, enrolment record or certificate, during personalisation only.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer.</returns>
    public CardResponse PutData(CommandApdu command, CardSecurityStatus status)
    {
        var tag = (uint)((command.P1 << 8) | command.P2);
        var cell = tag switch
        {
            CasdTags.Holder => NvmLayout.Holder,
            CasdTags.Project => NvmLayout.Project,
            CasdTags.EnrolmentRecord => NvmLayout.EnrolmentRecord,
            CasdTags.Certificate => NvmLayout.Certificate,
            _ => null,
        };
        if (cell is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.AcceptsPersonalisation(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        var data = command.Data.Span;
        if (tag == CasdTags.Certificate)
        {
            if (records.Key is null)
            {
                return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
            }

            if (!PersonalisationObjects.TryReadCertificate(data, out var der) || !keys.CertifiesCardKey(der))
            {
                return CardResponse.Status(Sw.IncorrectData);
            }
        }
        else if (!PersonalisationObjects.IsWellFormed(tag, data))
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        records.Begin().Set(cell, data.ToArray()).Commit();
        return CardResponse.Ok();
    }

    /// <summary>'BF25': what a client reads before a login, in one GET DATA (interface 2.0).</summary>
    private byte[] LoginInformation(CardSecurityStatus status)
    {
        using var writer = new BerTlvWriter(1024);
        using (writer.PushConstructed(CasdTags.LoginInformation))
        {
            writer.Write(CasdTags.Lifecycle, (byte)records.Lifecycle);
            foreach (var cell in (ReadOnlySpan<string>)[NvmLayout.Project, NvmLayout.EnrolmentRecord])
            {
                if (records.Read(cell) is { } value)
                {
                    writer.WriteEncoded(value);
                }
            }

            writer.WriteEncoded(biometrics.Status(status.VerifiedReference));
            if (records.Read(NvmLayout.Certificate) is { } certificate)
            {
                writer.WriteEncoded(certificate);
            }
        }

        return writer.ToArray();
    }

    private static byte[]? Wrap(uint tag, byte[]? value)
    {
        if (value is null)
        {
            return null;
        }

        using var writer = new BerTlvWriter(value.Length + 4);
        writer.Write(tag, value);
        return writer.ToArray();
    }
}
