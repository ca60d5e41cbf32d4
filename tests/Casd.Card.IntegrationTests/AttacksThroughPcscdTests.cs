using Casd.Card.Biometrics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.IntegrationTests.Support;
using Casd.Card.Iso7816;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.IntegrationTests;

/// <summary>
/// docs/attacks.md, the attacks from another process on the host, through a real pcscd: the
/// holder's client verifies (and logs in); another PC/SC context, playing the other process,
/// tries to get a signature out of the card. Required under CI=true.
/// </summary>
[Collection(PcscdTestGroup.Name)]
public sealed class AttacksThroughPcscdTests : IDisposable
{
    private const string Audience = "https://remote.casd.test";

    private const string SerialHex = "C45D0000A77AC000";
    private const string Project = "P-ATTACK";
    private const string Reader = PcscdEnvironment.SimulatorReader;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Challenge = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] AudienceHash = LoginStatement.HashAudience(Audience);

    // The report's attack: INTERNAL AUTHENTICATE with a challenge of the attacker's choosing (interface 1.0).
    private static readonly string InternalAuthenticateInClear = "0088000010" + Convert.ToHexString(Challenge) + "00";

    // And the only signing command of interface 2.0, sent in clear.
    private static readonly string SignatureRequestInClear = Convert.ToHexString(CasdCommands.GeneralAuthenticate(AudienceHash, Challenge).ToArray(ApduLengthFormat.Auto));
    private readonly PcscdEnvironment _environment;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DevelopmentScp11bAuthority _scp11bCa;
    private readonly DevelopmentCertificateAuthority _signingCa;
    private readonly Scp03StaticKeys _cardKeys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();

    public AttacksThroughPcscdTests(PcscdEnvironment environment)
    {
        _environment = environment;
        _scp11bCa = DevelopmentScp11bAuthority.Create(timeProvider: _clock);
        _signingCa = new DevelopmentCertificateAuthority(_clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_holders_verify_another_process_gets_no_signature_in_clear()
    {
        _environment.Require();
        var (card, _, probe) = await IssuedCardAsync();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);

        // The holder's client, as `casd-card verify --reader` runs it: a match, then the card is disposed.
        await using (var casd = await OpenSharedAsync())
        {
            using var capture = CompactCardTemplate.FromRecord(probe, casd.BiometricTemplates.Find(0x96)!.Parameters);
            Assert.True((await casd.VerifyAsync(capture, allowSecondFinger: false, Ct)).IsMatch);
        }

        using var other = new OtherPcscProcess(Reader);
        other.Sw("00A404000A" + Convert.ToHexString(CasdCardInterface.Aid) + "00");
        Assert.NotEqual(0x9000, other.Sw(InternalAuthenticateInClear));
        Assert.NotEqual(0x9000, other.Sw(SignatureRequestInClear));
        Assert.Null(card.SecurityStatus.VerifiedReference);
    }

    [Fact]
    public async Task After_a_login_another_process_gets_no_signature_in_clear_nor_over_a_fresh_SCP11b_channel()
    {
        _environment.Require();
        var (card, _, probe) = await IssuedCardAsync();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);

        // `casd-card authenticate --reader`: the whole login, which ends by resetting the card.
        await using (var casd = await OpenSharedAsync())
        {
            var login = await Client().LoginAsync(casd, probe, Audience, Challenge, Ct);
            Assert.True(login.IsAuthenticated, login.Reason);
        }

        using (var other = new OtherPcscProcess(Reader))
        {
            Assert.NotEqual(0x9000, other.Sw(InternalAuthenticateInClear));
            Assert.NotEqual(0x9000, other.Sw(SignatureRequestInClear));
        }

        await using var attacker = await behind.ConnectAsync(Ct);
        using var pipeline = new ApduPipeline(attacker, CardCapabilities.Extended);
        (await pipeline.TransmitAsync(CasdCommands.Select(), Ct)).EnsureSuccess();
        using var channel = await Scp11b.OpenAsync(pipeline, new Scp11bOptions { TrustAnchors = [_scp11bCa.Certificate], TimeProvider = _clock }, cancellationToken: Ct);
        Assert.Equal(0x6982, (await channel.TransmitAsync(CasdCommands.GeneralAuthenticate(AudienceHash, Challenge), Ct)).StatusWord.Value);
    }

    [Fact]
    public async Task A_client_that_leaves_its_channel_open_still_gives_nothing_away()
    {
        // The card's own defence, without the host's: a client that verifies and disconnects leaving
        // the card powered with its channel open (an old or careless one) is the worst case.
        _environment.Require();
        var (card, _, probe) = await IssuedCardAsync();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);
        await CarelessHolderVerifiesAsync(behind, probe);
        Assert.Equal(FingerReference.Primary, card.SecurityStatus.VerifiedReference);

        using (var other = new OtherPcscProcess(Reader))
        {
            Assert.Equal(0x6988, other.Sw(InternalAuthenticateInClear));
            Assert.Equal(0x6982, other.Sw(SignatureRequestInClear));
        }

        // Same again, this time with a fresh SCP11b channel straight after the holder's VERIFY.
        await CarelessHolderVerifiesAsync(behind, probe);
        await using var attacker = await behind.ConnectAsync(Ct);
        using var pipeline = new ApduPipeline(attacker, CardCapabilities.Extended);
        using var channel = await Scp11b.OpenAsync(pipeline, new Scp11bOptions { TrustAnchors = [_scp11bCa.Certificate], TimeProvider = _clock }, cancellationToken: Ct);
        Assert.Equal(0x6982, (await channel.TransmitAsync(CasdCommands.GeneralAuthenticate(AudienceHash, Challenge), Ct)).StatusWord.Value);
        Assert.Null(card.SecurityStatus.VerifiedReference);
    }

    [Fact]
    public async Task A_command_injected_between_the_holders_verify_and_signature_ends_the_session()
    {
        _environment.Require();
        var (card, _, probe) = await IssuedCardAsync();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);

        // A client that does not hold a transaction across VERIFY and the signature, and an injector.
        await using var casd = await OpenSharedAsync();
        await casd.OpenChannelAsync(CardChannelPurpose.Verification, Ct);
        using (var capture = CompactCardTemplate.FromRecord(probe, casd.BiometricTemplates.Find(0x96)!.Parameters))
        {
            Assert.True((await casd.VerifyAsync(capture, allowSecondFinger: false, Ct)).IsMatch);
        }

        using (var other = new OtherPcscProcess(Reader))
        {
            Assert.Equal(0x6988, other.Sw("00CADF2000"));
            Assert.Equal(0x6982, other.Sw(SignatureRequestInClear));
        }

        // The holder's own signature request now fails too: the session it belonged to is gone.
        await Assert.ThrowsAsync<SecureChannelException>(() => casd.SignLoginAsync(AudienceHash, Challenge, Ct));
    }

    [Fact]
    public async Task During_a_login_another_process_waits_for_the_transaction_and_then_finds_the_card_reset()
    {
        _environment.Require();
        var (card, _, probe) = await IssuedCardAsync();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);
        await using var casd = await OpenSharedAsync();
        using var other = new OtherPcscProcess(Reader);

        // The attacker hammers the card with signature requests in clear for the length of the login.
        using var stop = new CancellationTokenSource();
        var answers = new List<ushort>();
        var attack = Task.Run(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    answers.Add(other.Sw(SignatureRequestInClear));
                }
            },
            Ct);

        var login = await Client().LoginAsync(casd, probe, Audience, Challenge, Ct);
        await stop.CancelAsync();
        await attack;

        Assert.True(login.IsAuthenticated, login.Reason);
        Assert.NotEmpty(answers);
        Assert.DoesNotContain((ushort)0x9000, answers);
    }

    [Fact]
    public async Task A_one_byte_APDU_through_pcscd_gets_6700_and_the_reader_keeps_serving()
    {
        _environment.Require();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, new SimulatedCard(), Ct);
        using (var other = new OtherPcscProcess(Reader))
        {
            Assert.Equal(new byte[] { 0x67, 0x00 }, other.Send([0x05]));
            Assert.Equal(new byte[] { 0x67, 0x00 }, other.Send([0xA4]));
        }

        // Another client, afterwards: the reader still serves.
        using var next = new OtherPcscProcess(Reader);
        Assert.Equal(0x9000, next.Sw("00A4040C0A" + Convert.ToHexString(CasdCardInterface.Aid)));
    }

    public void Dispose()
    {
        _cardKeys.Dispose();
        _scp11bCa.Dispose();
        _signingCa.Dispose();
    }

    private static string FvcFolder()
    {
        var folder = Path.GetFullPath(Path.Combine(PcscdEnvironment.RepositoryRoot, "..", "shared", "testdata", "fvc2002", "DB1_B"));
        PcscdEnvironment.SkipOrFail(Directory.Exists(folder) ? null : $"the shared FVC2002 test data is not at {folder}");
        return folder;
    }

    private RemoteAccessClient Client() => new(new RemoteAccessOptions(Project, new EnrolmentPolicy(_clock, TimeZoneInfo.Utc)) { AllowSecondFinger = false });

    private SecureChannelFactory Factory() => new(new SecureChannelFactoryOptions
    {
        Scp03KeyProvider = new StaticScp03KeyProvider(_cardKeys),
        TrustAnchors = [_scp11bCa.Certificate],
        TimeProvider = _clock,
    });

    /// <summary>The holder's client connects shared, so that the other process can connect too.</summary>
    private async Task<CasdCard> OpenSharedAsync()
    {
        var connection = await _environment.Provider.ConnectAsync(Reader, CardShareMode.Shared, Ct);
        return await CasdCard.OpenAsync(connection, leaveOpen: false, new CasdCardOptions { ChannelFactory = Factory(), Capabilities = CardCapabilities.Extended }, Ct);
    }

    /// <summary>SCP11b and a matching VERIFY with the bare library pieces, then a disconnect that leaves the card powered.</summary>
    private async Task CarelessHolderVerifiesAsync(SimulatedCardBehindPcscd behind, byte[] probe)
    {
        await using var connection = await behind.ConnectAsync(Ct);
        using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);
        (await pipeline.TransmitAsync(CasdCommands.Select(), Ct)).EnsureSuccess();
        using var channel = await Scp11b.OpenAsync(pipeline, new Scp11bOptions { TrustAnchors = [_scp11bCa.Certificate], TimeProvider = _clock }, cancellationToken: Ct);
        using var capture = CompactCardTemplate.FromRecord(probe, BiometricMatchingParameters.Default);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(capture.Minutiae.Span)), Ct)).EnsureSuccess();
    }

    /// <summary>A card enrolled at the desk in-process with an FVC finger, then issued; returns a second impression of it.</summary>
    private async Task<(SimulatedCard Card, byte[] Enrolled, byte[] Probe)> IssuedCardAsync()
    {
        var fingers = FvcFolder();
        var enrolled = await File.ReadAllBytesAsync(Path.Combine(fingers, "104_1.iso"), Ct);
        var test = await File.ReadAllBytesAsync(Path.Combine(fingers, "104_3.iso"), Ct);
        var probe = await File.ReadAllBytesAsync(Path.Combine(fingers, "104_2.iso"), Ct);
        using var credentials = _scp11bCa.IssueCardCredentials(SerialHex);
        var card = new SimulatedCard(new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(SerialHex),
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        });
        var reader = new SimulatedCardReader();
        reader.Insert(card);
        await using (var casd = await CasdCard.OpenAsync(await reader.ConnectAsync(Ct), leaveOpen: false, new CasdCardOptions { ChannelFactory = Factory() }, Ct))
        {
            var desk = new EnrolmentDesk(_signingCa, new EnrolmentPolicy(_clock, TimeZoneInfo.Utc), _clock);
            var request = new EnrolmentRequest(new HolderIdentity("R-2026-0666", "Attacked", "Holder"), new ProjectInfo(Project, "Attack tests"), EnrolmentKind.Standard, null, "2.1", [enrolled], test);
            var result = await desk.EnrolAsync(casd, request, null, Ct);
            Assert.True(result.IsIssued, result.Message);
        }

        reader.Remove();
        return (card, enrolled, probe);
    }
}
