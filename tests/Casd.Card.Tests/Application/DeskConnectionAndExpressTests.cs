using System.Security.Cryptography.X509Certificates;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Tests.Application;

/// <summary>
/// The enrolment session ends with a real login (the connection test), and an express enrolment
/// reads what it relies on from the researcher's current card, after a live match on it.
/// </summary>
public sealed class DeskConnectionAndExpressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_connection_test_is_a_login_the_server_side_check_accepts()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct);

        Assert.True(result.IsIssued, result.Message);
        Assert.NotNull(result.ConnectionTestVerdict);
        Assert.True(result.ConnectionTestVerdict.IsValid, result.ConnectionTestVerdict.Message);
        var statement = result.ConnectionTestVerdict.Statement!;
        Assert.Equal(f.Card.Serial, statement.CardSerial);
        Assert.Equal("P-001", statement.ProjectCode);
        Assert.Equal(EnrolmentKind.Health, statement.Kind);
        Assert.Equal(1u, statement.SignatureCounter);

        // The desk's audience is its own: no remote-access server accepts the test's assertion.
        Assert.Equal(LoginStatement.HashAudience(EnrolmentDesk.DeskAudience), statement.AudienceHash.ToArray());
    }

    [Fact]
    public async Task A_connection_test_record_identical_to_an_enrolled_one_is_refused_before_anything_is_written()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var writes = f.Card.NvmWriteCount;
        var request = CardFixture.Request() with { ConnectionTestRecord = CardFixture.Request().FingerRecords[1] };

        var result = await f.Desk.EnrolAsync(card, request, null, Ct);

        Assert.Equal(EnrolmentOutcome.ConnectionTestNotFresh, result.Outcome);
        Assert.Contains("fresh", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(writes, f.Card.NvmWriteCount);
    }

    [Fact]
    public async Task A_capture_of_another_finger_does_not_issue_the_card()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request() with { ConnectionTestRecord = SyntheticFingers.Record(4242) }, null, Ct);

        Assert.Equal(EnrolmentOutcome.ConnectionTestFailed, result.Outcome);
        Assert.Equal(CardLifecycleState.Personalisation, f.Card.Lifecycle);
    }

    [Fact]
    public async Task The_connection_test_can_be_run_again_on_an_issued_card()
    {
        using var f = new CardFixture();
        await using (var desk = await f.OpenAsync(Ct))
        {
            Assert.True((await f.Desk.EnrolAsync(desk, CardFixture.Request(), null, Ct)).IsIssued);
        }

        await using var card = await f.OpenAsync(Ct);
        var again = await f.Desk.TestConnectionAsync(card, "P-001", SyntheticFingers.Impression(1, 3), Ct);
        Assert.True(again.Passed, again.Message);
        Assert.Equal(2u, again.Verdict!.Statement!.SignatureCounter);

        var wrong = await f.Desk.TestConnectionAsync(card, "P-001", SyntheticFingers.Record(4242), Ct);
        Assert.False(wrong.Passed);
        Assert.Equal(RemoteAccessOutcome.VerificationFailed, wrong.Login.Outcome);
    }

    [Fact]
    public async Task An_express_enrolment_reads_holder_kind_and_date_from_the_current_card()
    {
        using var current = new CardFixture();
        await using (var card = await current.OpenAsync(Ct))
        {
            Assert.True((await current.Desk.EnrolAsync(card, CardFixture.Request(lastFull: new DateOnly(2024, 5, 1)), null, Ct)).IsIssued);
        }

        ExpressEnrolmentBasisResult found;
        await using (var card = await current.OpenAsync(Ct))
        {
            found = await current.Desk.ReadExpressBasisAsync(card, SyntheticFingers.Impression(1, 4), Ct);
        }

        Assert.True(found.IsFound, found.Reason);
        var basis = found.Basis!;
        Assert.Equal("R-1234", basis.Holder.HolderId);
        Assert.Equal(EnrolmentKind.Health, basis.Kind);
        Assert.Equal(new DateOnly(2024, 5, 1), basis.FullEnrolmentDate);
        Assert.Equal(current.Card.Serial, basis.CardSerial);

        // The new card, at the same desk (the same CA), for another project of the same kind: express.
        using var next = new CardFixture(authority: current.Authority);
        await using var newCard = await next.OpenAsync(Ct);
        var request = basis.ToRequest(new ProjectInfo("P-NEW", "Next project"), EnrolmentKind.Health, "2.1", [SyntheticFingers.Record(1)], SyntheticFingers.Impression(1, 5));
        var result = await next.Desk.EnrolAsync(newCard, request, null, Ct);
        Assert.True(result.IsIssued, result.Message);
        Assert.Equal(EnrolmentProcedure.Express, result.Decision.Procedure);
        Assert.Equal(new DateOnly(2024, 5, 1), result.Decision.FullEnrolmentDate);
        Assert.Equal("R-1234", (await next.Desk.InspectAsync(newCard, Ct)).Holder!.HolderId);

        // Another kind needs a full enrolment: the training differs.
        Assert.Null(basis.ToRequest(new ProjectInfo("P-STD", "Standard project"), EnrolmentKind.Standard, "2.1", [SyntheticFingers.Record(1)], SyntheticFingers.Impression(1, 5)).LastFullEnrolmentDate);
    }

    [Fact]
    public async Task A_wrong_finger_or_a_revoked_current_card_gives_no_express_basis()
    {
        using var f = new CardFixture();
        await using (var card = await f.OpenAsync(Ct))
        {
            Assert.True((await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
        }

        await using (var card = await f.OpenAsync(Ct))
        {
            var wrong = await f.Desk.ReadExpressBasisAsync(card, SyntheticFingers.Record(4242), Ct);
            Assert.False(wrong.IsFound);
            Assert.Contains("did not log in", wrong.Reason, StringComparison.Ordinal);
        }

        await f.Authority.RevokeCardAsync(f.Card.Serial, X509RevocationReason.KeyCompromise, Ct);
        await using (var card = await f.OpenAsync(Ct))
        {
            var revoked = await f.Desk.ReadExpressBasisAsync(card, SyntheticFingers.Impression(1, 6), Ct);
            Assert.False(revoked.IsFound);
            Assert.Contains("revoked", revoked.Reason, StringComparison.Ordinal);
        }
    }
}
