using Casd.Card.Biometrics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Tests.Application;

public class EnrolmentDeskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_enrolment_issues_the_card_with_every_step_reported_in_order()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var reports = new List<EnrolmentProgress>();
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(), new SyncProgress(reports), Ct);

        Assert.True(result.IsIssued, result.Message);
        Assert.Equal(EnrolmentProcedure.Full, result.Decision.Procedure);
        Assert.Equal(CardLifecycleState.Issued, f.Card.Lifecycle);
        var completed = reports.Where(r => r.State == EnrolmentStepState.Completed).Select(r => r.Step).ToArray();
        Assert.Equal(Enum.GetValues<EnrolmentStep>(), completed);

        var info = await card.ReadInfoAsync(Ct);
        Assert.Equal("R-1234", info.Holder!.HolderId);
        Assert.Equal("P-001", info.Project!.ProjectCode);
        Assert.Equal(new DateOnly(2026, 3, 2), info.Enrolment!.FullEnrolmentDate);
        Assert.False(info.Enrolment.IsExpress);
        Assert.True(info.Biometrics[FingerReference.Primary].IsEnrolled);
        Assert.True(info.Biometrics[FingerReference.Secondary].IsEnrolled);
        Assert.NotNull(info.Certificate);
        Assert.Single(result.CertificateChain);
    }

    [Fact]
    public async Task An_express_enrolment_carries_the_original_full_enrolment_date()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request("P-002", new DateOnly(2024, 5, 1), fingers: 1), null, Ct);

        Assert.True(result.IsIssued, result.Message);
        Assert.Equal(EnrolmentProcedure.Express, result.Decision.Procedure);
        var record = (await card.ReadInfoAsync(Ct)).Enrolment!;
        Assert.True(record.IsExpress);
        Assert.Equal(new DateOnly(2024, 5, 1), record.FullEnrolmentDate);
        Assert.Equal(new DateOnly(2026, 3, 2), record.CardIssueDate);
    }

    [Fact]
    public async Task A_finger_with_too_few_minutiae_is_refused_before_anything_is_written()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var request = CardFixture.Request() with { FingerRecords = [SyntheticFingers.Record(5, minutiae: 8)] };
        var result = await f.Desk.EnrolAsync(card, request, null, Ct);

        Assert.Equal(EnrolmentOutcome.FingerRejected, result.Outcome);
        Assert.Equal(EnrolmentRefusalReason.TooFewMinutiae, result.FingerRejection!.Reason);
        Assert.True((await f.Desk.InspectAsync(card, Ct)).IsBlank);
    }

    [Fact]
    public async Task The_same_finger_twice_is_refused()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var request = CardFixture.Request() with
        {
            FingerRecords = [SyntheticFingers.Record(1, position: FingerPosition.RightIndex), SyntheticFingers.Record(2, position: FingerPosition.RightIndex)],
        };
        var result = await f.Desk.EnrolAsync(card, request, null, Ct);
        Assert.Equal(EnrolmentRefusalReason.SameFingerTwice, result.FingerRejection!.Reason);
    }

    [Fact]
    public async Task A_failed_connection_test_leaves_the_card_in_personalisation()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var request = CardFixture.Request(fingers: 1) with { ConnectionTestRecord = SyntheticFingers.Record(777) };
        var result = await f.Desk.EnrolAsync(card, request, null, Ct);

        Assert.Equal(EnrolmentOutcome.ConnectionTestFailed, result.Outcome);
        Assert.Equal(VerificationOutcome.NoMatch, result.ConnectionTest!.Outcome);
        Assert.Equal(CardLifecycleState.Personalisation, f.Card.Lifecycle);
    }

    [Fact]
    public async Task An_issued_card_is_not_personalised_again()
    {
        using var f = new CardFixture();
        await using (var card = await f.OpenAsync(Ct))
        {
            Assert.True((await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
        }

        await using var again = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(again, CardFixture.Request(), null, Ct);
        Assert.Equal(EnrolmentOutcome.CardNotInPersonalisation, result.Outcome);
        Assert.True((await f.Desk.InspectAsync(again, Ct)).IsIssued);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(14)]
    public async Task Removal_mid_personalisation_raises_CardRemovedException_and_a_rerun_after_inspection_finishes(int apdu)
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
        var inspection = await f.Desk.InspectAsync(again, Ct);
        Assert.False(inspection.IsIssued);

        var reports = new List<EnrolmentProgress>();
        var result = await f.Desk.EnrolAsync(again, CardFixture.Request(), new SyncProgress(reports), Ct);
        Assert.True(result.IsIssued, result.Message);
        if (inspection.Steps[EnrolmentStep.WriteHolderData] == EnrolmentStepStatus.Done)
        {
            Assert.Contains(reports, r => r.Step == EnrolmentStep.WriteHolderData && r.State == EnrolmentStepState.AlreadyDone);
        }
    }

    [Fact]
    public async Task Tearing_at_every_write_of_a_personalisation_leaves_a_card_that_a_rerun_or_a_reset_recovers()
    {
        // Count the NVM writes of a complete run, then tear after each one in turn.
        long writes;
        using (var probe = new CardFixture())
        await using (var card = await probe.OpenAsync(Ct))
        {
            var before = probe.Card.NvmWriteCount;
            Assert.True((await probe.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
            writes = probe.Card.NvmWriteCount - before;
        }

        Assert.True(writes > 5);
        for (var n = 1; n <= writes; n++)
        {
            using var f = new CardFixture();
            await using (var card = await f.OpenAsync(Ct))
            {
                f.Card.TearAfterNvmWrites(n);
                var torn = await Record.ExceptionAsync(() => f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct));
                f.Card.CancelTearing();
                Assert.True(torn is CardRemovedException || f.Card.Lifecycle == CardLifecycleState.Issued, $"write {n}: {torn}");
            }

            if (f.Reader.Card is null)
            {
                f.Reader.Insert(f.Card);
            }

            await using var again = await f.OpenAsync(Ct);
            var inspection = await f.Desk.InspectAsync(again, Ct);
            if (inspection.IsIssued)
            {
                continue;
            }

            if (n % 2 == 0)
            {
                await f.Desk.ResetAsync(again, Ct);
                Assert.True((await f.Desk.InspectAsync(again, Ct)).IsBlank, $"write {n}: reset left data");
            }

            var result = await f.Desk.EnrolAsync(again, CardFixture.Request(), null, Ct);
            Assert.True(result.IsIssued, $"write {n}: {result.Message}");
        }
    }

    [Fact]
    public async Task Inspection_reports_half_done_steps_and_reset_erases_them()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        await card.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
        await card.PutDataAsync(new HolderIdentity("R-1", "Doe", "J").Encode(), Ct);
        await card.GenerateKeyPairAsync(Ct);

        var inspection = await f.Desk.InspectAsync(card, Ct);
        Assert.True(inspection.IsInterrupted);
        Assert.Equal(EnrolmentStepStatus.Partial, inspection.Steps[EnrolmentStep.WriteHolderData]);
        Assert.Equal(EnrolmentStepStatus.Partial, inspection.Steps[EnrolmentStep.InstallCertificate]);
        Assert.Equal(EnrolmentStepStatus.NotDone, inspection.Steps[EnrolmentStep.EnrolFingers]);

        await f.Desk.ResetAsync(card, Ct);
        Assert.True((await f.Desk.InspectAsync(card, Ct)).IsBlank);
    }

    [Fact]
    public async Task Erasing_is_refused_without_the_personalisation_authority_and_on_an_issued_card()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);

        // Without a channel the host does not even send it.
        await Assert.ThrowsAsync<CardChannelSecurityException>(() => card.ErasePersonalisationAsync(Ct));

        // SCP11b protects the command but does not authenticate the desk: the card refuses.
        await card.OpenChannelAsync(CardChannelPurpose.Verification, Ct);
        var denied = await Assert.ThrowsAsync<StatusWordException>(() => card.ErasePersonalisationAsync(Ct));
        Assert.Equal(StatusWord.SecurityStatusNotSatisfied, denied.StatusWord);

        Assert.True((await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
        var issued = await Assert.ThrowsAsync<StatusWordException>(() => f.Desk.ResetAsync(card, Ct));
        Assert.Equal(StatusWord.ConditionsOfUseNotSatisfied, issued.StatusWord);
    }

    [Theory]
    [InlineData("2022-03-03", EnrolmentProcedure.Express)]
    [InlineData("2022-03-02", EnrolmentProcedure.Full)]
    public async Task The_desk_decides_express_up_to_the_last_valid_day_and_full_from_the_expiry_day(string lastFull, EnrolmentProcedure expected)
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(lastFull: DateOnly.Parse(lastFull, System.Globalization.CultureInfo.InvariantCulture), fingers: 1), null, Ct);
        Assert.True(result.IsIssued, result.Message);
        Assert.Equal(expected, result.Decision.Procedure);
        var record = (await card.ReadInfoAsync(Ct)).Enrolment!;
        Assert.Equal(expected == EnrolmentProcedure.Express, record.IsExpress);
        Assert.Equal(expected == EnrolmentProcedure.Express ? DateOnly.Parse(lastFull, System.Globalization.CultureInfo.InvariantCulture) : new DateOnly(2026, 3, 2), record.FullEnrolmentDate);
    }

    [Fact]
    public async Task A_rerun_for_another_holder_or_with_fewer_fingers_erases_what_an_earlier_run_left()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        await card.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
        await card.PutDataAsync(new HolderIdentity("R-OTHER", "Smith", "Sam").Encode(), Ct);
        using (var stale = CompactCardTemplate.FromRecord(SyntheticFingers.Record(99), BiometricMatchingParameters.Default))
        {
            await card.EnrolFingerAsync(FingerReference.Secondary, stale, MatchSecurityLevel.FalseMatchRate1In10000, Ct);
        }

        var reports = new List<EnrolmentProgress>();
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(fingers: 1), new SyncProgress(reports), Ct);

        Assert.True(result.IsIssued, result.Message);
        Assert.Contains(reports, r => r.Detail.Contains("another holder", StringComparison.Ordinal));
        var info = await card.ReadInfoAsync(Ct);
        Assert.Equal("R-1234", info.Holder!.HolderId);
        Assert.False(info.Biometrics[FingerReference.Secondary].IsEnrolled);
    }

    internal sealed class SyncProgress(List<EnrolmentProgress> reports) : IProgress<EnrolmentProgress>
    {
        public void Report(EnrolmentProgress value) => reports.Add(value);
    }
}
