using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tracing;
using Casd.Card.Simulator.Transport;
using Casd.Card.Tests.Biometrics;
using Casd.Card.Tests.TestDoubles;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

/// <summary>
/// The workflows over <see cref="SecureChannelFactory"/> against a simulated card that enforces the
/// access rules: SCP03 keys diversified from a desk master key, SCP11b credentials from a development CA.
/// </summary>
public sealed class SecureChannelFactoryTests : IDisposable
{
    private const string Audience = "https://remote.casd.test";

    private const string SerialHex = "C45D0000000000A1";
    private static readonly byte[] MasterKey = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly DevelopmentScp11bAuthority _ca = DevelopmentScp11bAuthority.Create(timeProvider: new FakeTimeProvider(Start));
    private readonly Scp03StaticKeys _master = new(MasterKey, MasterKey, MasterKey);
    private readonly DiversifiedScp03KeyProvider _keys;
    private readonly SimulatedCard _card;
    private readonly CardFixture _fixture;

    public SecureChannelFactoryTests()
    {
        _keys = new DiversifiedScp03KeyProvider(_master);
        _card = new SimulatedCard(CardOptions());
        _fixture = new CardFixture(_card);
        _fixture.Clock.SetUtcNow(Start);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SimulatedCardOptions CardOptions()
    {
        using var cardKeys = DiversifiedScp03KeyProvider.Diversify(_master, Convert.FromHexString(SerialHex), CardScp03Keys.TestKeyVersion);
        using var credentials = _ca.IssueCardCredentials(SerialHex);
        return new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(SerialHex),
            EnforceChannelAccessRules = true,
            Scp03Keys = new CardScp03Keys(CardScp03Keys.TestKeyVersion, cardKeys.Enc.ToArray(), cardKeys.Mac.ToArray(), cardKeys.Dek.ToArray()),
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        };
    }

    private SecureChannelFactory Factory(IScp03KeyProvider? keys = null, DevelopmentScp11bAuthority? anchor = null) => new(new SecureChannelFactoryOptions
    {
        Scp03KeyProvider = keys ?? _keys,
        TrustAnchors = [(anchor ?? _ca).Certificate],
        TimeProvider = _fixture.Clock,
    });

    private static async Task<CasdCard> OpenAsync(CardFixture fixture, ICardChannelFactory factory)
    {
        var connection = await fixture.Reader.ConnectAsync(Ct);
        return await CasdCard.OpenAsync(connection, leaveOpen: false, new CasdCardOptions { ChannelFactory = factory }, Ct);
    }

    private Task<CasdCard> OpenAsync(ICardChannelFactory factory) => OpenAsync(_fixture, factory);

    [Fact]
    public async Task The_desk_issues_the_card_over_SCP03_and_the_client_logs_in_over_SCP11b()
    {
        var factory = Factory();
        await using (var card = await OpenAsync(factory))
        {
            var result = await _fixture.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct);
            Assert.True(result.IsIssued, result.Message);
        }

        Assert.Equal(CardLifecycleState.Issued, _card.Lifecycle);
        await using (var card = await OpenAsync(factory))
        {
            var verifier = _fixture.Verifier();
            var challenge = await verifier.IssueChallengeAsync(Ct);
            var login = await new RemoteAccessClient(new RemoteAccessOptions("P-001", _fixture.Policy)).LoginAsync(card, SyntheticFingers.Record(1), CardFixture.Audience, challenge, Ct);
            Assert.True(login.IsAuthenticated, login.Reason);
            var verdict = await verifier.VerifyAsync(login.Assertion!, Ct);
            Assert.True(verdict.IsValid, verdict.Message);
        }
    }

    [Fact]
    public async Task An_FVC_finger_enrolled_over_SCP03_matches_a_second_impression_over_SCP11b_and_not_another_finger()
    {
        var folder = BiometricTestData.RequireFvc("DB1_B");
        var first = await File.ReadAllBytesAsync(Path.Combine(folder, "101_1.iso"), Ct);
        var factory = Factory();
        await using (var card = await OpenAsync(factory))
        {
            var request = CardFixture.Request(fingers: 1) with { FingerRecords = [first], ConnectionTestRecord = await File.ReadAllBytesAsync(Path.Combine(folder, "101_3.iso"), Ct) };
            Assert.True((await _fixture.Desk.EnrolAsync(card, request, null, Ct)).IsIssued);
        }

        var client = new RemoteAccessClient(new RemoteAccessOptions("P-001", _fixture.Policy));
        await using (var card = await OpenAsync(factory))
        {
            var wrong = await client.LoginAsync(card, await File.ReadAllBytesAsync(Path.Combine(folder, "103_1.iso"), Ct), Audience, new byte[16], Ct);
            Assert.Equal(VerificationOutcome.NoMatch, wrong.Verification!.Outcome);
            var login = await client.LoginAsync(card, await File.ReadAllBytesAsync(Path.Combine(folder, "101_2.iso"), Ct), Audience, new byte[16], Ct);
            Assert.True(login.IsAuthenticated, login.Reason);
        }
    }

    [Fact]
    public async Task Removal_at_every_apdu_of_a_secure_personalisation_is_noticed_and_a_rerun_issues_the_card()
    {
        int total;
        using (var probe = new CardFixture(new SimulatedCard(CardOptions())))
        {
            probe.Clock.SetUtcNow(Start);
            probe.Reader.Faults = new FaultPlan();
            await using var card = await OpenAsync(probe, Factory());
            Assert.True((await probe.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
            total = probe.Reader.Faults.ApduCount;
        }

        Assert.True(total > 10);
        for (var apdu = 3; apdu <= total; apdu++)
        {
            using var f = new CardFixture(new SimulatedCard(CardOptions()));
            f.Clock.SetUtcNow(Start);
            f.Reader.Faults = new FaultPlan { RemoveCardAt = apdu };
            await using (var card = await OpenAsync(f, Factory()))
            {
                await Assert.ThrowsAsync<CardRemovedException>(() => f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct));
            }

            f.Reader.Faults = null;
            f.Reader.Insert(f.Card);
            await using var again = await OpenAsync(f, Factory());
            var inspection = await f.Desk.InspectAsync(again, Ct);
            Assert.True(inspection.IsBlank || inspection.IsInterrupted || inspection.IsIssued, $"APDU {apdu}: the inspection must tell the state");
            var result = await f.Desk.EnrolAsync(again, CardFixture.Request(), null, Ct);
            Assert.True(result.IsIssued || (await f.Desk.InspectAsync(again, Ct)).IsIssued, $"APDU {apdu}: {result.Message}");
        }
    }

    [Fact]
    public async Task Every_command_after_the_handshake_is_wrapped_and_the_channel_is_disposed_at_the_end()
    {
        var trace = new ApduTrace();
        _card.Trace = trace;
        await using (var card = await OpenAsync(Factory()))
        {
            await card.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
            trace.Clear();
            await card.ReadInfoAsync(Ct);
        }

        Assert.NotEmpty(trace.Entries);
        Assert.All(trace.Entries, e => Assert.Equal(0x04, e.Header.Span[0] & 0x0C));
    }

    [Fact]
    public async Task A_wrong_master_key_fails_authentication_clearly_and_the_card_counts_it()
    {
        var wrong = Convert.FromHexString("FFEEDDCCBBAA99887766554433221100");
        using var wrongMaster = new Scp03StaticKeys(wrong, wrong, wrong);
        using var wrongKeys = new DiversifiedScp03KeyProvider(wrongMaster);
        var before = ((CardSecureChannel)_card.SecureMessaging!).FailedAuthentications;
        await using var card = await OpenAsync(Factory(wrongKeys));

        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => _fixture.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct));

        Assert.Contains("card cryptogram does not verify", error.Message, StringComparison.Ordinal);
        Assert.Equal(before + 1, ((CardSecureChannel)_card.SecureMessaging!).FailedAuthentications);
        Assert.True((await _fixture.Desk.InspectAsync(card, Ct)).IsBlank);
    }

    [Fact]
    public async Task An_unknown_trust_anchor_refuses_SCP11b_before_any_key_agreement_is_sent()
    {
        await using (var desk = await OpenAsync(Factory()))
        {
            Assert.True((await _fixture.Desk.EnrolAsync(desk, CardFixture.Request(), null, Ct)).IsIssued);
        }

        using var stranger = DevelopmentScp11bAuthority.Create("CN=Unknown CA", new FakeTimeProvider(Start));
        var trace = new ApduTrace();
        _card.Trace = trace;
        await using var card = await OpenAsync(Factory(anchor: stranger));
        trace.Clear();

        await Assert.ThrowsAsync<CardCertificateValidationException>(() => new RemoteAccessClient(new RemoteAccessOptions("P-001", _fixture.Policy)).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct));

        Assert.DoesNotContain(trace.Entries, e => e.Header.Span[1] is Scp11b.InternalAuthenticateIns or 0x20);
        Assert.Contains(trace.Entries, e => e.Header.Span[1] == 0xCA);
    }

    [Fact]
    public async Task A_card_that_names_another_serial_in_INITIALIZE_UPDATE_is_refused()
    {
        var factory = Factory();
        var connection = await _fixture.Reader.ConnectAsync(Ct);
        await using var card = await CasdCard.OpenAsync(connection, leaveOpen: false, new CasdCardOptions(), Ct);
        using var pipeline = new ApduPipeline(connection);

        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(async () => await factory.OpenAsync(pipeline, new CardChannelRequest(CardChannelPurpose.Personalisation, "C45D0000000000FF"), Ct));
        Assert.Contains("another serial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unprotected_factory_is_refused_by_the_desk_before_anything_is_written()
    {
        await using var card = await OpenAsync(UnprotectedChannelFactory.Instance);
        var writes = _card.NvmWriteCount;

        var error = await Assert.ThrowsAsync<CardChannelSecurityException>(() => _fixture.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct));

        Assert.Equal(CardChannelProtection.None, error.Actual);
        Assert.True(error.Required.HasFlag(CardChannelProtection.CardAuthenticated | CardChannelProtection.CommandConfidentiality | CardChannelProtection.ResponseIntegrity));
        Assert.Contains("SecureChannelFactory", error.Message, StringComparison.Ordinal);
        Assert.Equal(writes, _card.NvmWriteCount);
        var inspection = await _fixture.Desk.InspectAsync(card, Ct);
        Assert.True(inspection.IsBlank);
        Assert.Equal(CardLifecycleState.Personalisation, _card.Lifecycle);
    }

    [Fact]
    public async Task The_factory_logs_protocols_and_refusals_but_never_key_bytes()
    {
        var logger = new FakeLogger();
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = _keys, TrustAnchors = [_ca.Certificate], TimeProvider = _fixture.Clock }, logger);
        await using (var card = await OpenAsync(factory))
        {
            Assert.True((await _fixture.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
            Assert.True((await new RemoteAccessClient(new RemoteAccessOptions("P-001", _fixture.Policy)).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct)).IsAuthenticated);
        }

        var wrong = Convert.FromHexString("FFEEDDCCBBAA99887766554433221100");
        using var wrongMaster = new Scp03StaticKeys(wrong, wrong, wrong);
        using var wrongKeys = new DiversifiedScp03KeyProvider(wrongMaster);
        await using (var card = await OpenAsync(new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = wrongKeys }, logger)))
        {
            await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => card.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct));
        }

        Assert.Contains(LoggedLines.Of(logger), l => l.StartsWith("Scp03 channel for Personalisation open on card " + SerialHex, StringComparison.Ordinal));
        Assert.Contains(LoggedLines.Of(logger), l => l.StartsWith("Scp11b channel for Verification open on card " + SerialHex, StringComparison.Ordinal));
        Assert.Contains(LoggedLines.Of(logger), l => l.StartsWith("Scp03 channel for Personalisation refused on card " + SerialHex, StringComparison.Ordinal));
        using var cardKeys = DiversifiedScp03KeyProvider.Diversify(_master, Convert.FromHexString(SerialHex), CardScp03Keys.TestKeyVersion);
        foreach (var secret in new[] { MasterKey, wrong, cardKeys.Enc.ToArray(), cardKeys.Mac.ToArray(), cardKeys.Dek.ToArray() })
        {
            var hex = Convert.ToHexString(secret, 0, 8);
            Assert.DoesNotContain(LoggedLines.Of(logger), l => l.Contains(hex, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void Dispose()
    {
        _fixture.Dispose();
        _keys.Dispose();
        _master.Dispose();
        _ca.Dispose();
    }
}
