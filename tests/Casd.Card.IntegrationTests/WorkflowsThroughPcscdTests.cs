using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.IntegrationTests.Support;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Testing;
using Casd.Card.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.IntegrationTests;

/// <summary>
/// The desk and the remote-access client end to end through pcscd and vpcd, against a simulated
/// card that enforces the access rules: SCP03 with keys diversified from a desk master key for
/// personalisation, SCP11b against the issuing CA for verification, as on a real card.
/// </summary>
[Collection(PcscdTestGroup.Name)]
public sealed class WorkflowsThroughPcscdTests : IDisposable
{
    private const string Audience = "https://remote.casd.test";

    private const string SerialHex = "C45D00000000E2E0";
    private const string Project = "P-E2E";
    private static readonly byte[] MasterKey = Convert.FromHexString("0F1E2D3C4B5A69788796A5B4C3D2E1F0");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly PcscdEnvironment _environment;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DevelopmentScp11bAuthority _scp11bCa;
    private readonly DevelopmentCertificateAuthority _signingCa;
    private readonly Scp03StaticKeys _master = new(MasterKey, MasterKey, MasterKey);
    private readonly DiversifiedScp03KeyProvider _keys;
    private readonly EnrolmentPolicy _policy;
    private readonly EnrolmentDesk _desk;

    public WorkflowsThroughPcscdTests(PcscdEnvironment environment)
    {
        _environment = environment;
        _scp11bCa = DevelopmentScp11bAuthority.Create(timeProvider: _clock);
        _signingCa = new DevelopmentCertificateAuthority(_clock);
        _keys = new DiversifiedScp03KeyProvider(_master);
        _policy = new EnrolmentPolicy(_clock, TimeZoneInfo.Utc);
        _desk = new EnrolmentDesk(_signingCa, _policy, _clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Desk_over_SCP03_then_login_over_SCP11b_then_retries_blocked_and_reset_by_the_desk()
    {
        _environment.Require();
        var fingers = FvcFolder();
        var enrolled = await File.ReadAllBytesAsync(Path.Combine(fingers, "101_1.iso"), Ct);
        var secondImpression = await File.ReadAllBytesAsync(Path.Combine(fingers, "101_2.iso"), Ct);
        var otherFinger = await File.ReadAllBytesAsync(Path.Combine(fingers, "103_1.iso"), Ct);
        var card = new SimulatedCard(CardOptions());
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct);

        await using (var casd = await OpenAsync())
        {
            var steps = new List<EnrolmentProgress>();
            var result = await _desk.EnrolAsync(casd, Request([enrolled], secondImpression), new SynchronousProgress(steps.Add), Ct);
            Assert.True(result.IsIssued, result.Message);
            Assert.Equal(VerificationOutcome.Match, result.ConnectionTest!.Outcome);
            Assert.Contains(steps, s => s.Step == EnrolmentStep.OpenChannel && s.State == EnrolmentStepState.Completed);
        }

        Assert.Equal(CardLifecycleState.Issued, card.Lifecycle);
        var client = new RemoteAccessClient(new RemoteAccessOptions(Project, _policy) { AllowSecondFinger = false });
        await using (var casd = await OpenAsync())
        {
            var verifier = new LoginAssertionVerifier(
                new LoginAssertionVerifierOptions
                {
                    Audience = Audience,
                    TrustAnchors = [_signingCa.RootCertificate],
                    ProjectCode = Project,
                    CertificateRevocationLists = [await _signingCa.PublishCrlAsync(Ct)],
                },
                timeProvider: _clock);
            var challenge = await verifier.IssueChallengeAsync(Ct);
            var login = await client.LoginAsync(casd, secondImpression, Audience, challenge, Ct);
            Assert.True(login.IsAuthenticated, login.Reason);

            // The login ends by resetting the card: no channel and no verification outlive it.
            Assert.Equal(Simulator.Os.SecureChannelKind.None, card.SecurityStatus.Channel);
            Assert.Null(card.SecurityStatus.VerifiedReference);
            var verdict = await verifier.VerifyAsync(login.Assertion!, Ct);
            Assert.True(verdict.IsValid, verdict.Message);
        }

        await using (var casd = await OpenAsync())
        {
            for (var left = CasdCardInterface.MaxRetries - 1; left >= 1; left--)
            {
                var wrong = await client.LoginAsync(casd, otherFinger, Audience, new byte[16], Ct);
                Assert.False(wrong.IsAuthenticated);
                Assert.Equal(VerificationOutcome.NoMatch, wrong.Verification!.Outcome);
                Assert.Equal(left, wrong.Verification.RetriesLeft);
            }

            var last = await client.LoginAsync(casd, otherFinger, Audience, new byte[16], Ct);
            Assert.Equal(VerificationOutcome.Blocked, last.Verification!.Outcome);
            var blocked = await client.LoginAsync(casd, secondImpression, Audience, new byte[16], Ct);
            Assert.Equal(VerificationOutcome.Blocked, blocked.Verification!.Outcome);
        }

        await using (var desk = await OpenAsync())
        {
            await desk.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
            await desk.ResetRetryCounterAsync(FingerReference.Primary, Ct);
        }

        await using (var casd = await OpenAsync())
        {
            var again = await client.LoginAsync(casd, secondImpression, Audience, new byte[16], Ct);
            Assert.True(again.IsAuthenticated, again.Reason);
        }
    }

    [Fact]
    public async Task Power_lost_during_personalisation_is_noticed_through_pcscd_and_a_rerun_issues_the_card()
    {
        _environment.Require();
        var fingers = FvcFolder();
        var enrolled = await File.ReadAllBytesAsync(Path.Combine(fingers, "102_1.iso"), Ct);
        var secondImpression = await File.ReadAllBytesAsync(Path.Combine(fingers, "102_2.iso"), Ct);
        var card = new SimulatedCard(CardOptions());

        // Tear in the middle: after the holder data and the key pair, during the fingers.
        await using (var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct))
        {
            await using var casd = await OpenAsync();
            var steps = new SynchronousProgress(p =>
            {
                if (p.Step == EnrolmentStep.EnrolFingers && p.State == EnrolmentStepState.Started)
                {
                    card.TearAfterNvmWrites(2);
                }
            });
            var error = await Assert.ThrowsAnyAsync<CardException>(() => _desk.EnrolAsync(casd, Request([enrolled], secondImpression), steps, Ct));
            Assert.True(error is CardRemovedException or CardResetException or CardCommunicationException, error.GetType().Name + ": " + error.Message);
        }

        Assert.Equal(CardLifecycleState.Personalisation, card.Lifecycle);
        await using (var behind = await SimulatedCardBehindPcscd.StartAsync(_environment, card, Ct))
        {
            await using var casd = await OpenAsync();
            var inspection = await _desk.InspectAsync(casd, Ct);
            Assert.True(inspection.IsInterrupted, "the desk must see the half-personalised card");
            Assert.Equal(EnrolmentStepStatus.Done, inspection.Steps[EnrolmentStep.WriteHolderData]);

            var result = await _desk.EnrolAsync(casd, Request([enrolled], secondImpression), null, Ct);
            Assert.True(result.IsIssued, result.Message);
        }

        Assert.Equal(CardLifecycleState.Issued, card.Lifecycle);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _master.Dispose();
        _scp11bCa.Dispose();
        _signingCa.Dispose();
    }

    private static string FvcFolder() => TestRequirements.SharedTestData("fvc2002", "DB1_B");

    private static EnrolmentRequest Request(IReadOnlyList<ReadOnlyMemory<byte>> fingers, ReadOnlyMemory<byte> connectionTest) => new(
        new HolderIdentity("R-2026-0042", "Curie", "Marie"),
        new ProjectInfo(Project, "End-to-end project"),
        EnrolmentKind.Standard,
        null,
        "2.1",
        fingers,
        connectionTest);

    private SimulatedCardOptions CardOptions()
    {
        using var cardKeys = DiversifiedScp03KeyProvider.Diversify(_master, Convert.FromHexString(SerialHex), CardScp03Keys.TestKeyVersion);
        using var credentials = _scp11bCa.IssueCardCredentials(SerialHex);
        return new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(SerialHex),
            EnforceChannelAccessRules = true,
            Scp03Keys = new CardScp03Keys(CardScp03Keys.TestKeyVersion, cardKeys.Enc.ToArray(), cardKeys.Mac.ToArray(), cardKeys.Dek.ToArray()),
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        };
    }

    private Task<CasdCard> OpenAsync() => CasdCard.OpenAsync(
        _environment.Provider,
        SimulatedCardBehindPcscd.ReaderName,
        new CasdCardOptions
        {
            ChannelFactory = new SecureChannelFactory(new SecureChannelFactoryOptions
            {
                Scp03KeyProvider = _keys,
                TrustAnchors = [_scp11bCa.Certificate],
                TimeProvider = _clock,
            }),
            Capabilities = Iso7816.CardCapabilities.Extended,
        },
        Ct);

    /// <summary>Reports on the caller's thread, so a test can act at an exact step.</summary>
    private sealed class SynchronousProgress(Action<EnrolmentProgress> report) : IProgress<EnrolmentProgress>
    {
        public void Report(EnrolmentProgress value) => report(value);
    }
}
