using Casd.Card.Biometrics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.Tracing;
using Casd.Card.Tests.Application;
using Casd.Card.Tests.TestDoubles;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging.Testing;

namespace Casd.Card.Tests.Attacks;

/// <summary>
/// docs/attacks.md, the host side: what the library refuses to do for an attacker, and what it
/// never lets out. Each test performs the attack against the in-process simulated card.
/// </summary>
public sealed class HostAttackTests
{
    private const string Audience = "https://remote.casd.test";

    private static readonly byte[] Challenge = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_client_never_sends_a_probe_over_an_unprotected_channel()
    {
        using var f = await IssuedAsync();
        var trace = new ApduTrace();
        f.Card.Trace = trace;
        var connection = await f.Reader.ConnectAsync(Ct);
        await using var card = await CasdCard.OpenAsync(connection, leaveOpen: false, f.Options with { ChannelFactory = UnprotectedChannelFactory.Instance }, Ct);

        var error = await Assert.ThrowsAsync<CardChannelSecurityException>(() => Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, Challenge, Ct));

        Assert.Equal(CardChannelProtection.None, error.Actual);
        Assert.DoesNotContain(trace.Entries, e => e.Header.Span[1] is CasdCommands.VerifyIns or CasdCommands.GeneralAuthenticateIns);
        Assert.Equal("05", f.Card.SnapshotNvm()["ctr.96"]);
    }

    [Fact]
    public async Task A_card_without_a_channel_factory_reads_public_objects_and_refuses_the_rest()
    {
        using var f = await IssuedAsync();
        var connection = await f.Reader.ConnectAsync(Ct);
        await using var card = await CasdCard.OpenAsync(connection, leaveOpen: false, null, Ct);

        Assert.NotNull(await card.ReadCertificateAsync(Ct));
        using var capture = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => card.VerifyAsync(capture, allowSecondFinger: false, Ct));
        Assert.Contains("ChannelFactory", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CardChannelSecurityException>(() => card.SignLoginAsync(LoginStatement.HashAudience(Audience), Challenge, Ct));
    }

    [Fact]
    public async Task During_a_login_another_connection_waits_and_afterwards_finds_the_card_reset()
    {
        using var f = await IssuedAsync();
        var connection = await f.Reader.ConnectAsync(Ct);
        await using var card = await CasdCard.OpenAsync(connection, leaveOpen: false, f.Options, Ct);
        await using var other = await f.Reader.ConnectAsync(Ct);

        // The other application's signature request is queued behind the login's transaction.
        Task<byte[]>? queued = null;
        var progress = new SignatureRequestDuringVerify(() => queued = SendAsync(other, CasdCommands.GeneralAuthenticate(LoginStatement.HashAudience(Audience), Challenge).ToArray()));
        f.Card.Trace = progress.Trace;
        var login = await Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, Challenge, Ct);

        Assert.True(login.IsAuthenticated, login.Reason);
        Assert.NotNull(queued);
        var answer = await queued!;
        Assert.Equal(new byte[] { 0x69, 0x85 }, answer[^2..]);
        Assert.Null(f.Card.SecurityStatus.VerifiedReference);
        Assert.Equal(Simulator.Os.SecureChannelKind.None, f.Card.SecurityStatus.Channel);
    }

    [Fact]
    public async Task Disposing_the_card_resets_it_so_no_verification_outlives_the_client()
    {
        using var f = await IssuedAsync();
        await using (var card = await f.OpenAsync(Ct))
        {
            using var capture = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default);
            Assert.True((await card.VerifyAsync(capture, allowSecondFinger: false, Ct)).IsMatch);
            Assert.Equal(FingerReference.Primary, f.Card.SecurityStatus.VerifiedReference);
        }

        Assert.Null(f.Card.SecurityStatus.VerifiedReference);
        Assert.Equal(Simulator.Os.SecureChannelKind.None, f.Card.SecurityStatus.Channel);
    }

    [Fact]
    public async Task Templates_probes_and_keys_never_reach_logs_exceptions_or_traces()
    {
        var logger = new FakeLogger();
        using var f = new CardFixture();
        var trace = new ApduTrace();
        f.Card.Trace = trace;
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = f.Scp03Keys, TrustAnchors = [f.Scp11bAuthority.Certificate], TimeProvider = f.Clock }, logger);
        var options = f.Options with { Logger = logger, ChannelFactory = factory };
        var messages = new List<string>();
        var connection = await f.Reader.ConnectAsync(Ct);
        await using (var card = await CasdCard.OpenAsync(connection, leaveOpen: false, options, Ct))
        {
            var desk = new EnrolmentDesk(f.Authority, f.Policy, f.Clock, logger);
            Assert.True((await desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
            var client = new RemoteAccessClient(new RemoteAccessOptions("P-001", f.Policy), logger);
            messages.Add((await client.LoginAsync(card, SyntheticFingers.Record(1), Audience, Challenge, Ct)).Reason);
            messages.Add((await client.LoginAsync(card, SyntheticFingers.Record(77), Audience, Challenge, Ct)).Reason);
            using (var finger = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default))
            {
                messages.Add((await Assert.ThrowsAnyAsync<CardException>(() => card.EnrolFingerAsync(FingerReference.Primary, finger, MatchSecurityLevel.FalseMatchRate1In10000, Ct))).ToString());
            }

            messages.Add((await Assert.ThrowsAnyAsync<CardException>(() => card.SignLoginAsync(LoginStatement.HashAudience(Audience), Challenge, Ct))).ToString());
        }

        using (var wrong = new Scp03StaticKeys(new byte[16], new byte[16], new byte[16]))
        {
            var pipelineConnection = await f.Reader.ConnectAsync(Ct);
            using var pipeline = new ApduPipeline(pipelineConnection);
            (await pipeline.TransmitAsync(CasdCommands.Select(), Ct)).EnsureSuccess();
            messages.Add((await Assert.ThrowsAnyAsync<CardException>(() => Scp03.OpenAsync(pipeline, wrong, logger: logger, cancellationToken: Ct))).ToString());
            await pipelineConnection.DisposeAsync();
        }

        using var traceText = new StringWriter();
        trace.WriteTo(traceText);
        var everything = string.Join("\n", LoggedLines.Of(logger).Concat(messages).Append(traceText.ToString()).Concat(trace.Entries.Select(e => e.ToString())));
        Assert.NotEmpty(LoggedLines.Of(logger));

        var secrets = new List<byte[]>();
        foreach (var seed in new[] { 1, 1001, 77 })
        {
            using var finger = CompactCardTemplate.FromRecord(SyntheticFingers.Record(seed), BiometricMatchingParameters.Default);
            secrets.Add(finger.Minutiae.ToArray());
        }

        using (var gp = Scp03StaticKeys.CreateGlobalPlatformTestKeys())
        {
            secrets.Add(gp.Enc.ToArray());
        }

        secrets.Add(f.Card.Store.Read("key")![..32]);
        foreach (var secret in secrets)
        {
            for (var i = 0; i + 6 <= secret.Length; i += 3)
            {
                Assert.DoesNotContain(Convert.ToHexString(secret, i, 6), everything, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(BitConverter.ToString(secret, i, 6), everything, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The trace keeps headers and status words of VERIFY and CHANGE REFERENCE DATA, never their data.
        Assert.All(trace.Entries.Where(e => e.Header.Span[1] is CasdCommands.VerifyIns or CasdCommands.ChangeReferenceDataIns), e => Assert.True(e.IsRedacted));
    }

    private static RemoteAccessClient Client(CardFixture f) => new(new RemoteAccessOptions("P-001", f.Policy));

    private static async Task<byte[]> SendAsync(ICardConnection connection, byte[] command)
    {
        var response = new byte[65_538];
        var length = await connection.TransmitAsync(command, response, Ct);
        return response[..length];
    }

    private static async Task<CardFixture> IssuedAsync()
    {
        var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct);
        Assert.True(result.IsIssued, result.Message);
        return f;
    }

    /// <summary>Fires the other application's request the moment the card has answered the holder's VERIFY.</summary>
    private sealed class SignatureRequestDuringVerify
    {
        public SignatureRequestDuringVerify(Action fire)
        {
            Trace.EntryRecorded += (_, entry) =>
            {
                if (entry.Header.Span[1] == CasdCommands.VerifyIns && !Fired)
                {
                    Fired = true;
                    fire();
                }
            };
        }

        public ApduTrace Trace { get; } = new();

        public bool Fired { get; private set; }
    }
}
