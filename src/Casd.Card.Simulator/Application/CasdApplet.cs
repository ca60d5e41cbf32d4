using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The CASD application: data objects, finger references, the card key and the lifecycle
/// (docs/card-interface.md). Volatile copies of the NVM cells are reloaded at every power-up;
/// every change goes through one <see cref="NvmTransaction"/> per command.
/// </summary>
internal sealed class CasdApplet
{
    internal const string SerialCell = "serial";
    internal const string LifecycleCell = "lcs";
    internal const string HolderCell = "holder";
    internal const string ProjectCell = "project";
    internal const string EnrolmentCell = "enrolment";
    internal const string CertificateCell = "cert";
    internal const string KeyCell = "key";
    internal const string SignatureCounterCell = "sig.ctr";
    private const int PrivateKeyLength = 32;
    private const int PointLength = 65;
    private static readonly byte[] KeyPairTemplate = [0xAC, 0x03, 0x80, 0x01, CasdCommands.EccP256Algorithm];

    private readonly NonVolatileMemory _nvm;
    private readonly IOnCardMatcher _matcher;
    private readonly SimulatedCardOptions _options;
    private byte[]? _fci;
    private byte[]? _biometricStatus;
    private ECDsa? _key;
    private byte[]? _publicKeyObject;

    public CasdApplet(NonVolatileMemory nvm, SimulatedCardOptions options)
    {
        _nvm = nvm;
        _options = options;
        _matcher = options.Matcher ?? ElasticMatcher.Instance;
    }

    public CardLifecycleState Lifecycle { get; private set; }

    internal static string ReferenceCell(FingerReference reference) => reference == FingerReference.Primary ? "ref.96" : "ref.97";

    internal static string CounterCell(FingerReference reference) => reference == FingerReference.Primary ? "ctr.96" : "ctr.97";

    /// <summary>Writes the factory state into empty NVM.</summary>
    public static void Manufacture(NonVolatileMemory nvm, ReadOnlySpan<byte> serial)
    {
        nvm.Begin().Set(SerialCell, serial.ToArray()).Set(LifecycleCell, [(byte)CardLifecycleState.Personalisation]).Commit();
    }

    /// <summary>Reloads the volatile copies after power-up.</summary>
    public void Load()
    {
        Invalidate();
        _key?.Dispose();
        _key = null;
        var lcs = _nvm.Read(LifecycleCell) ?? throw new CardDataFormatException("The card's NVM holds no lifecycle state; it was never manufactured.");
        Lifecycle = (CardLifecycleState)lcs[0];
        var key = _nvm.Read(KeyCell);
        if (key is not null)
        {
            _key = ImportKey(key);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public CardResponse Select(CommandApdu command)
    {
        if (command.P1 != 0x04 || command.P2 is not (0x00 or 0x0C))
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (!command.Data.Span.SequenceEqual(CasdCardInterface.Aid))
        {
            return CardResponse.Status(Sw.FileNotFound);
        }

        return command.P2 == 0x0C ? CardResponse.Ok() : CardResponse.Ok(_fci ??= BuildFci());
    }

    public CardResponse Process(CommandApdu command, CardSecurityStatus status) => command.Ins switch
    {
        CasdCommands.GetDataIns => GetData(command, status),
        CasdCommands.PutDataIns => PutData(command, status),
        CasdCommands.VerifyIns => Verify(command, status),
        CasdCommands.ChangeReferenceDataIns => ChangeReferenceData(command, status),
        CasdCommands.ResetRetryCounterIns => ResetRetryCounter(command, status),
        CasdCommands.GenerateKeyPairIns => GenerateKeyPair(command, status),
        CasdCommands.GeneralAuthenticateIns => GeneralAuthenticate(command, status),
        CasdCommands.ActivateIns => Activate(command, status),
        CasdCommands.DeactivateIns => Deactivate(command, status),
        CasdCommands.TerminateIns => Terminate(command, status),
        CasdCommands.EraseIns => ErasePersonalisation(command, status),
        _ => CardResponse.Status(Sw.InstructionNotSupported),
    };

    private CardResponse GetData(CommandApdu command, CardSecurityStatus status)
    {
        if (command.Nc != 0)
        {
            return CardResponse.Status(Sw.WrongLength);
        }

        var tag = (uint)((command.P1 << 8) | command.P2);
        byte[]? value = tag switch
        {
            CasdTags.CardSerial => Wrap(tag, _nvm.Read(SerialCell)),
            CasdTags.Lifecycle => Wrap(tag, [(byte)Lifecycle]),
            CasdTags.Certificate => _nvm.Read(CertificateCell),
            CasdTags.PublicKey => _key is null ? null : _publicKeyObject ??= BuildPublicKeyObject(),
            CasdTags.Holder => _nvm.Read(HolderCell),
            CasdTags.Project => _nvm.Read(ProjectCell),
            CasdTags.EnrolmentRecord => _nvm.Read(EnrolmentCell),
            CasdTags.SecureChannelStatus => CardSecureChannel.EncodeStatus(_nvm),
            CasdTags.LoginInformation => BuildLoginInformation(status),
            CasdTags.BiometricStatus => null,
            _ => null,
        };
        if (tag == CasdTags.BiometricStatus)
        {
            return CardResponse.Ok(BuildBiometricStatus(status.VerifiedReference));
        }

        return value is null ? CardResponse.Status(Sw.ReferencedDataNotFound) : CardResponse.Ok(value);
    }

    private CardResponse PutData(CommandApdu command, CardSecurityStatus status)
    {
        var tag = (uint)((command.P1 << 8) | command.P2);
        var cell = tag switch
        {
            CasdTags.Holder => HolderCell,
            CasdTags.Project => ProjectCell,
            CasdTags.EnrolmentRecord => EnrolmentCell,
            CasdTags.Certificate => CertificateCell,
            _ => null,
        };
        if (cell is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (Lifecycle != CardLifecycleState.Personalisation)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        var data = command.Data.Span;
        try
        {
            switch (tag)
            {
                case CasdTags.Holder: HolderIdentity.Parse(data); break;
                case CasdTags.Project: ProjectInfo.Parse(data); break;
                case CasdTags.EnrolmentRecord: EnrolmentRecord.Parse(data); break;
                default:
                    if (_key is null)
                    {
                        return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
                    }

                    if (!CertificateMatchesKey(CasdResponses.ParseCertificate(data)))
                    {
                        return CardResponse.Status(Sw.IncorrectData);
                    }

                    break;
            }
        }
        catch (CardDataFormatException)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        _nvm.Begin().Set(cell, data.ToArray()).Commit();
        return CardResponse.Ok();
    }

    private CardResponse Verify(CommandApdu command, CardSecurityStatus status)
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

        if (Lifecycle is not (CardLifecycleState.Personalisation or CardLifecycleState.Issued))
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (_options.EnforceChannelAccessRules && command.Nc != 0 && !status.HasCommandEncryption)
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        var stored = _nvm.Read(ReferenceCell(reference));
        if (stored is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        try
        {
            int left = _nvm.Read(CounterCell(reference))![0];
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

            if (!TryGetMinutiae(command.Data.Span, allowBare: true, out var probe))
            {
                return CardResponse.Status(Sw.IncorrectData);
            }

            // Decrement and commit before comparing: pulling the card during the comparison costs a try.
            status.ForgetVerification();
            _nvm.Begin().Set(CounterCell(reference), [(byte)(left - 1)]).Commit();
            Invalidate();
            var level = (MatchSecurityLevel)stored[0];
            var score = _matcher.ComparePrepared(stored.AsSpan(1), probe);
            if (score < _matcher.GetThreshold(level))
            {
                return CardResponse.Status(Sw.RetriesLeft(left - 1));
            }

            _nvm.Begin().Set(CounterCell(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();

            // Valid only in this secure session (CardSecurityStatus): it dies with the channel.
            status.MarkVerified(reference);
            return CardResponse.Ok();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stored);
        }
    }

    private CardResponse ChangeReferenceData(CommandApdu command, CardSecurityStatus status)
    {
        if (!TryGetReference(command.P2, out var reference))
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        if (command.P1 != 0x00)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (Lifecycle != CardLifecycleState.Personalisation)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        if (!TryParseEnrolment(command.Data.Span, out var minutiae, out var level))
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        // The card stores the matcher's prepared reference (its local structures), computed once here.
        var prepared = new byte[1 + _matcher.GetPreparedReferenceLength(minutiae)];
        prepared[0] = (byte)level;
        var cell = prepared[..(1 + _matcher.PrepareReference(minutiae, prepared.AsSpan(1)))];
        CryptographicOperations.ZeroMemory(prepared);
        _nvm.Begin().Set(ReferenceCell(reference), cell).Set(CounterCell(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();
        CryptographicOperations.ZeroMemory(cell);
        status.ForgetVerification(reference);

        Invalidate();
        return CardResponse.Ok();
    }

    private CardResponse ResetRetryCounter(CommandApdu command, CardSecurityStatus status)
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

        if (Lifecycle is not (CardLifecycleState.Personalisation or CardLifecycleState.Issued))
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        if (_nvm.Read(CounterCell(reference)) is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        _nvm.Begin().Set(CounterCell(reference), [(byte)CasdCardInterface.MaxRetries]).Commit();
        Invalidate();
        return CardResponse.Ok();
    }

    private CardResponse GenerateKeyPair(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0x00 || command.P2 != CasdCommands.CardKeyReference)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (!command.Data.Span.SequenceEqual(KeyPairTemplate))
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        if (Lifecycle != CardLifecycleState.Personalisation)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var cell = new byte[PrivateKeyLength + PointLength];
        parameters.D!.CopyTo(cell, 0);
        cell[PrivateKeyLength] = 0x04;
        parameters.Q.X!.CopyTo(cell, PrivateKeyLength + 1);
        parameters.Q.Y!.CopyTo(cell, PrivateKeyLength + 33);
        CryptographicOperations.ZeroMemory(parameters.D);
        try
        {
            // A new key invalidates the certificate issued for the old one.
            _nvm.Begin().Set(KeyCell, cell).Remove(CertificateCell).Commit();
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cell);
        }

        _key?.Dispose();
        _key = key;
        _publicKeyObject = null;
        return CardResponse.Ok(_publicKeyObject = BuildPublicKeyObject());
    }

    private CardResponse GeneralAuthenticate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != CasdCommands.EccP256Algorithm || command.P2 != CasdCommands.CardKeyReference)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        // '7C' { '81' challenge, 'A0' { '80' audience hash }, '82' empty }, in any order, each once.
        ReadOnlySpan<byte> challenge = default, audienceHash = default;
        bool sawChallenge = false, sawAudience = false, sawResponse = false;
        try
        {
            var reader = new BerTlvReader(command.Data.Span);
            var template = reader.Read();
            if (template.Tag != CasdTags.DynamicAuthenticationTemplate || reader.HasData)
            {
                return CardResponse.Status(Sw.IncorrectData);
            }

            var inner = template.CreateReader();
            while (inner.HasData)
            {
                var e = inner.Read();
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
                    var hash = identification.Read();
                    if (hash.Tag != CasdTags.AudienceHash || identification.HasData)
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
        }
        catch (CardDataFormatException)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        if (!sawChallenge || !sawAudience || !sawResponse)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        return SignLogin(audienceHash, challenge, status);
    }

    private CardResponse SignLogin(ReadOnlySpan<byte> audienceHash, ReadOnlySpan<byte> challenge, CardSecurityStatus status)
    {
        // Only an issued card signs: a card under personalisation holds a test verification at most.
        if (Lifecycle != CardLifecycleState.Issued)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (_key is null)
        {
            return CardResponse.Status(Sw.ReferencedDataNotFound);
        }

        // The challenge must arrive authenticated and the signature leave authenticated, in the
        // same secure session as the VERIFY (VerifiedReference is null once that session ended).
        if ((_options.EnforceChannelAccessRules && !status.HasCommandAndResponseMac) || status.VerifiedReference is not { } finger)
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        if (audienceHash.Length != LoginStatementCard.AudienceHashLength
            || challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        var counter = _nvm.Read(SignatureCounterCell) is { Length: 4 } c ? BinaryPrimitives.ReadUInt32BigEndian(c) : 0u;
        if (counter == uint.MaxValue)
        {
            // The counter never wraps: a repeated value would look like a clone to every server.
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        var statement = LoginStatementCard.Build(_nvm, audienceHash, challenge, finger, counter + 1);
        if (statement is null)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        // One verification, one signature; the counter is committed before the signature leaves,
        // so a torn command costs a counter value and never repeats one.
        status.ForgetVerification();
        var next = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(next, counter + 1);
        _nvm.Begin().Set(SignatureCounterCell, next).Commit();
        var signature = _key.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        using var writer = new BerTlvWriter(statement.Length + signature.Length + 8);
        using (writer.PushConstructed(CasdTags.DynamicAuthenticationTemplate))
        {
            writer.WriteEncoded(statement);
            writer.Write(CasdTags.Response, signature);
        }

        return CardResponse.Ok(writer.ToArray());
    }

    private CardResponse Activate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (Lifecycle is not (CardLifecycleState.Personalisation or CardLifecycleState.Blocked))
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        if (Lifecycle == CardLifecycleState.Personalisation && !IsComplete())
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        return ChangeLifecycle(CardLifecycleState.Issued, status);
    }

    private CardResponse Deactivate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (Lifecycle != CardLifecycleState.Issued)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        return HasAuthority(status) ? ChangeLifecycle(CardLifecycleState.Blocked, status) : CardResponse.Status(Sw.SecurityStatusNotSatisfied);
    }

    private CardResponse Terminate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (Lifecycle == CardLifecycleState.Terminated)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        // Termination erases the secrets with the state change, in one transaction.
        _nvm.Begin()
            .Set(LifecycleCell, [(byte)CardLifecycleState.Terminated])
            .Remove(KeyCell)
            .Remove(ReferenceCell(FingerReference.Primary))
            .Remove(ReferenceCell(FingerReference.Secondary))
            .Commit();
        _key?.Dispose();
        _key = null;
        _publicKeyObject = null;
        status.ForgetVerification();
        Lifecycle = CardLifecycleState.Terminated;
        Invalidate();
        return CardResponse.Ok();
    }

    private CardResponse ErasePersonalisation(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (command.Nc != 0)
        {
            return CardResponse.Status(Sw.WrongLength);
        }

        if (Lifecycle != CardLifecycleState.Personalisation)
        {
            return CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (!HasAuthority(status))
        {
            return CardResponse.Status(Sw.SecurityStatusNotSatisfied);
        }

        // One transaction: a tear leaves either the old personalisation or none.
        _nvm.Begin()
            .Remove(HolderCell)
            .Remove(ProjectCell)
            .Remove(EnrolmentCell)
            .Remove(CertificateCell)
            .Remove(KeyCell)
            .Remove(ReferenceCell(FingerReference.Primary))
            .Remove(ReferenceCell(FingerReference.Secondary))
            .Remove(CounterCell(FingerReference.Primary))
            .Remove(CounterCell(FingerReference.Secondary))
            .Commit();
        _key?.Dispose();
        _key = null;
        _publicKeyObject = null;
        status.ForgetVerification();
        Invalidate();
        return CardResponse.Ok();
    }

    private CardResponse ChangeLifecycle(CardLifecycleState state, CardSecurityStatus status)
    {
        // A verification made before the change (the desk's connection test) does not carry over.
        status.ForgetVerification();
        _nvm.Begin().Set(LifecycleCell, [(byte)state]).Commit();
        Lifecycle = state;
        Invalidate();
        return CardResponse.Ok();
    }

    private bool IsComplete() =>
        _nvm.Read(HolderCell) is not null && _nvm.Read(ProjectCell) is not null && _nvm.Read(EnrolmentCell) is not null
        && _key is not null && _nvm.Read(CertificateCell) is not null && _nvm.Read(CounterCell(FingerReference.Primary)) is not null;

    private bool HasAuthority(CardSecurityStatus status) =>
        status.PersonalisationAuthority
        && (!_options.EnforceChannelAccessRules
            || (status.Channel == SecureChannelKind.Scp03
                && (status.SecurityLevel & (CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption)) == (CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption)));

    private static bool TryGetReference(byte p2, out FingerReference reference)
    {
        reference = (FingerReference)p2;
        return p2 is 0x96 or 0x97;
    }

    private static bool TryParseEnrolment(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> minutiae, out MatchSecurityLevel level)
    {
        minutiae = default;
        level = MatchSecurityLevel.FalseMatchRate1In10000;
        try
        {
            var reader = new BerTlvReader(data);
            var template = reader.Read();
            if (template.Tag != CasdTags.BiometricDataTemplate || !TryGetMinutiae(template.Encoded, allowBare: false, out minutiae))
            {
                return false;
            }

            if (reader.HasData)
            {
                var l = reader.Read();
                if (l.Tag != CasdTags.MatchSecurityLevel || l.Value.Length != 1 || l.Value[0] is < 3 or > 5 || reader.HasData)
                {
                    return false;
                }

                level = (MatchSecurityLevel)l.Value[0];
            }

            return true;
        }
        catch (CardDataFormatException)
        {
            return false;
        }
    }

    /// <summary>Accepts '7F2E' { '81' minutiae } or, for VERIFY, bare minutiae; checks count and coding.</summary>
    private static bool TryGetMinutiae(ReadOnlySpan<byte> data, bool allowBare, out ReadOnlySpan<byte> minutiae)
    {
        minutiae = default;
        var wrapped = false;
        if (data.Length >= 2 && data[0] == 0x7F && data[1] == 0x2E)
        {
            try
            {
                var reader = new BerTlvReader(data);
                var template = reader.Read();
                if (!reader.HasData)
                {
                    var inner = template.CreateReader();
                    var m = inner.Read();
                    if (m.Tag != CasdTags.Minutiae || inner.HasData)
                    {
                        return false;
                    }

                    minutiae = m.Value;
                    wrapped = true;
                }
            }
            catch (CardDataFormatException)
            {
                wrapped = false;
            }
        }

        if (!wrapped)
        {
            if (!allowBare)
            {
                return false;
            }

            minutiae = data;
        }

        if (minutiae.Length % 3 != 0)
        {
            return false;
        }

        var count = minutiae.Length / 3;
        if (count is < CasdCardInterface.MinMinutiae or > CasdCardInterface.MaxMinutiae)
        {
            return false;
        }

        for (var i = 2; i < minutiae.Length; i += 3)
        {
            // Type '11' is reserved in the compact card format.
            if ((minutiae[i] & 0xC0) == 0xC0)
            {
                return false;
            }
        }

        return true;
    }

    private bool CertificateMatchesKey(byte[] der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || _key is null)
            {
                return false;
            }

            var expected = _key.ExportParameters(false);
            var actual = publicKey.ExportParameters(false);
            return actual.Curve.Oid.Value == expected.Curve.Oid.Value
                && actual.Q.X.AsSpan().SequenceEqual(expected.Q.X)
                && actual.Q.Y.AsSpan().SequenceEqual(expected.Q.Y);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private void Invalidate()
    {
        _fci = null;
        _biometricStatus = null;
    }

    private byte[] BuildFci()
    {
        using var writer = new BerTlvWriter(256);
        using (writer.PushConstructed(CasdTags.Fci))
        {
            writer.Write(CasdTags.DfName, CasdCardInterface.Aid);
            writer.Write(CasdTags.ApplicationLabel, "CASD"u8);
            writer.Write(CasdTags.InterfaceVersion, [CasdCardInterface.EncodedVersion >> 8, CasdCardInterface.EncodedVersion & 0xFF]);
            writer.Write(CasdTags.Lifecycle, (byte)Lifecycle);

            // The serial saves the host a GET DATA at every SELECT (interface 2.0).
            writer.Write(CasdTags.CardSerial, _nvm.Read(SerialCell) ?? []);
            writer.WriteEncoded(new BiometricInformationTemplateGroup([Bit(FingerReference.Primary), Bit(FingerReference.Secondary)]).Encode());
        }

        return writer.ToArray();
    }

    private BiometricInformationTemplate Bit(FingerReference reference)
    {
        var stored = _nvm.Read(ReferenceCell(reference));
        var level = stored is null ? MatchSecurityLevel.FalseMatchRate1In10000 : (MatchSecurityLevel)stored[0];
        if (stored is not null)
        {
            CryptographicOperations.ZeroMemory(stored);
        }

        // The host's builder encodes the BIT, so host and card cannot drift apart.
        var parameters = new BiometricMatchingParameters
        {
            MinimumMinutiae = CasdCardInterface.MinMinutiae,
            MaximumMinutiae = CasdCardInterface.MaxMinutiae,
            SecurityLevel = level,
        };
        return new BiometricInformationTemplate((byte)reference, null, BiometricHeaderTemplate.CompactCardFingerprint, parameters);
    }

    private byte[] BuildBiometricStatus(FingerReference? verified)
    {
        if (verified is null && _biometricStatus is not null)
        {
            return _biometricStatus;
        }

        var fingers = new List<FingerStatus>(2);
        foreach (var reference in (ReadOnlySpan<FingerReference>)[FingerReference.Primary, FingerReference.Secondary])
        {
            var counter = _nvm.Read(CounterCell(reference));
            var enrolled = counter is not null && _nvm.Store.CellNames.Contains(ReferenceCell(reference));
            var left = counter is null ? CasdCardInterface.MaxRetries : counter[0];
            fingers.Add(new FingerStatus(reference, enrolled, left, CasdCardInterface.MaxRetries, enrolled && left == 0));
        }

        var encoded = new BiometricStatus(fingers, verified).Encode();
        if (verified is null)
        {
            _biometricStatus = encoded;
        }

        return encoded;
    }

    private byte[] BuildLoginInformation(CardSecurityStatus status)
    {
        using var writer = new BerTlvWriter(1024);
        using (writer.PushConstructed(CasdTags.LoginInformation))
        {
            writer.Write(CasdTags.Lifecycle, (byte)Lifecycle);
            foreach (var cell in (ReadOnlySpan<string>)[ProjectCell, EnrolmentCell])
            {
                if (_nvm.Read(cell) is { } value)
                {
                    writer.WriteEncoded(value);
                }
            }

            writer.WriteEncoded(BuildBiometricStatus(status.VerifiedReference));
            if (_nvm.Read(CertificateCell) is { } certificate)
            {
                writer.WriteEncoded(certificate);
            }
        }

        return writer.ToArray();
    }

    private byte[] BuildPublicKeyObject()
    {
        var p = _key!.ExportParameters(false);
        var point = new byte[PointLength];
        point[0] = 0x04;
        p.Q.X!.CopyTo(point, 1);
        p.Q.Y!.CopyTo(point, 33);
        using var writer = new BerTlvWriter(80);
        using (writer.PushConstructed(CasdTags.PublicKey))
        {
            writer.Write(CasdTags.EcPoint, point);
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

    private static ECDsa ImportKey(byte[] cell)
    {
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = cell.AsSpan(0, PrivateKeyLength).ToArray(),
            Q = new ECPoint { X = cell.AsSpan(PrivateKeyLength + 1, 32).ToArray(), Y = cell.AsSpan(PrivateKeyLength + 33, 32).ToArray() },
        };
        try
        {
            return ECDsa.Create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }
}
