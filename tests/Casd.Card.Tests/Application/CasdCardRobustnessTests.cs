using Casd.Card.Biometrics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using Casd.Card.Simulator.Transport;
using Casd.Card.Tests.Biometrics;
using Casd.Card.Tests.TestDoubles;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging.Testing;

namespace Casd.Card.Tests.Application;

public class CasdCardRobustnessTests
{
    private const string Audience = "https://remote.casd.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Removal_at_every_apdu_of_a_personalisation_is_a_CardRemovedException_and_a_rerun_issues_the_card()
    {
        int total;
        using (var probe = new CardFixture())
        {
            probe.Reader.Faults = new FaultPlan();
            await using var card = await probe.OpenAsync(Ct);
            Assert.True((await probe.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
            total = probe.Reader.Faults.ApduCount;
        }

        Assert.True(total > 10);
        for (var apdu = 3; apdu <= total; apdu++)
        {
            using var f = new CardFixture();
            f.Reader.Faults = new FaultPlan { RemoveCardAt = apdu };
            await using (var card = await f.OpenAsync(Ct))
            {
                await Assert.ThrowsAsync<CardRemovedException>(() => f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct));
            }

            f.Reader.Faults = null;
            f.Reader.Insert(f.Card);
            await using var again = await f.OpenAsync(Ct);
            var result = await f.Desk.EnrolAsync(again, CardFixture.Request(), null, Ct);
            Assert.True(result.IsIssued || (await f.Desk.InspectAsync(again, Ct)).IsIssued, $"APDU {apdu}: {result.Message}");
        }
    }

    [Fact]
    public async Task A_slow_card_is_abandoned_on_cancellation_instead_of_hanging()
    {
        using var f = new CardFixture();
        var faults = new FaultPlan();
        f.Reader.Faults = faults;
        await using var card = await f.OpenAsync(Ct);
        faults.Latency = TimeSpan.FromMinutes(10);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => card.ReadInfoAsync(cancel.Token));
    }

    [Fact]
    public async Task A_card_removed_before_an_operation_fails_at_once()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        f.Reader.Remove();
        await Assert.ThrowsAsync<CardRemovedException>(() => card.GetBiometricStatusAsync(Ct));
    }

    [Fact]
    public async Task The_workflow_logs_never_carry_template_or_probe_bytes()
    {
        var logger = new FakeLogger();
        using var f = new CardFixture();
        var options = f.Options with { Logger = logger };
        var connection = await f.Reader.ConnectAsync(Ct);
        await using var card = await CasdCard.OpenAsync(connection, leaveOpen: false, options, Ct);
        var desk = new EnrolmentDesk(f.Authority, f.Policy, f.Clock, logger);
        Assert.True((await desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
        var login = await new RemoteAccessClient(new RemoteAccessOptions("P-001", f.Policy), logger).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.True(login.IsAuthenticated);

        Assert.NotEmpty(LoggedLines.Of(logger));
        using var finger = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default);
        var minutiae = finger.Minutiae.ToArray();
        foreach (var line in LoggedLines.Of(logger))
        {
            for (var i = 0; i + 6 <= minutiae.Length; i += 3)
            {
                Assert.DoesNotContain(Convert.ToHexString(minutiae, i, 6), line, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Fvc_records_enrol_through_the_quality_gates_and_a_second_impression_passes_the_connection_test()
    {
        var folder = BiometricTestData.RequireFvc("DB1_B");
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var first = await File.ReadAllBytesAsync(Path.Combine(folder, "101_1.iso"), Ct);
        var request = CardFixture.Request() with
        {
            FingerRecords = [first, await File.ReadAllBytesAsync(Path.Combine(folder, "102_1.iso"), Ct)],
            ConnectionTestRecord = await File.ReadAllBytesAsync(Path.Combine(folder, "101_2.iso"), Ct),
        };
        var result = await f.Desk.EnrolAsync(card, request, null, Ct);
        Assert.True(result.IsIssued, result.Message);

        using var other = CompactCardTemplate.FromRecord(await File.ReadAllBytesAsync(Path.Combine(folder, "103_1.iso"), Ct), card.BiometricTemplates.Find(0x96)!.Parameters);
        var wrong = await card.VerifyAsync(FingerReference.Primary, other, Ct);
        Assert.Equal(VerificationOutcome.NoMatch, wrong.Outcome);
        Assert.Equal(CasdCardInterface.MaxRetries - 1, wrong.RetriesLeft);
    }
}
