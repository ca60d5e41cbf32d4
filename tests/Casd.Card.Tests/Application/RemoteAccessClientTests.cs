using System.Security.Cryptography;
using Casd.Card.Biometrics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.RemoteAccess;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Tests.Application;

public class RemoteAccessClientTests
{
    private const string Audience = "https://remote.casd.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_with_the_enrolled_finger_yields_an_assertion_the_server_accepts()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);
        var verifier = f.Verifier();
        var challenge = await verifier.IssueChallengeAsync(Ct);
        var result = await Client(f).LoginAsync(card, SyntheticFingers.Record(1), CardFixture.Audience, challenge, Ct);

        Assert.True(result.IsAuthenticated, result.Reason);
        var verdict = await verifier.VerifyAsync(result.Assertion!, Ct);
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.Equal(f.Card.Serial, verdict.CardSerial);
        Assert.Equal(LoginRefusalReason.WrongProject, (await f.Verifier(project: "P-999").VerifyAsync(result.Assertion!, Ct)).Reason);
    }

    [Fact]
    public async Task The_second_finger_matches_only_when_the_caller_allows_it()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);
        var second = SyntheticFingers.Record(1001);
        var refused = await new RemoteAccessClient(new RemoteAccessOptions("P-001", f.Policy) { AllowSecondFinger = false }).LoginAsync(card, second, Audience, new byte[16], Ct);
        Assert.Equal(RemoteAccessOutcome.VerificationFailed, refused.Outcome);

        var allowed = await Client(f).LoginAsync(card, second, Audience, new byte[16], Ct);
        Assert.True(allowed.IsAuthenticated, allowed.Reason);
        Assert.Equal(FingerReference.Secondary, allowed.Verification!.Reference);
    }

    [Fact]
    public async Task A_wrong_finger_fails_with_the_retries_left_then_blocks()
    {
        using var f = await IssuedAsync(fingers: 1);
        await using var card = await f.OpenAsync(Ct);
        var client = Client(f);
        for (var left = CasdCardInterface.MaxRetries - 1; left >= 1; left--)
        {
            var result = await client.LoginAsync(card, SyntheticFingers.Record(4242), Audience, new byte[16], Ct);
            Assert.Equal(RemoteAccessOutcome.VerificationFailed, result.Outcome);
            Assert.Equal(VerificationOutcome.NoMatch, result.Verification!.Outcome);
            Assert.Equal(left, result.Verification.RetriesLeft);
            Assert.Contains($"{left} tries left", result.Reason, StringComparison.Ordinal);
        }

        var last = await client.LoginAsync(card, SyntheticFingers.Record(4242), Audience, new byte[16], Ct);
        Assert.Equal(VerificationOutcome.Blocked, last.Verification!.Outcome);
        var blocked = await client.LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.Equal(VerificationOutcome.Blocked, blocked.Verification!.Outcome);
    }

    [Fact]
    public async Task A_card_for_another_project_is_refused_before_any_verification()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);
        var result = await new RemoteAccessClient(new RemoteAccessOptions("P-777", f.Policy)).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.Equal(RemoteAccessOutcome.WrongProject, result.Outcome);
        Assert.Null(result.Verification);
        Assert.Equal(CasdCardInterface.MaxRetries, (await card.GetBiometricStatusAsync(Ct))[FingerReference.Primary].RetriesLeft);
    }

    [Fact]
    public async Task The_last_valid_day_logs_in_and_the_expiry_day_is_refused_with_a_reason()
    {
        using var f = await IssuedAsync();
        var lastValid = EnrolmentPolicy.GetLastValidDate(new DateOnly(2026, 3, 2));
        f.Clock.SetUtcNow(new DateTimeOffset(lastValid.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero));
        await using (var card = await f.OpenAsync(Ct))
        {
            var ok = await Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
            Assert.True(ok.IsAuthenticated, ok.Reason);
        }

        f.Clock.Advance(TimeSpan.FromHours(1));
        await using var again = await f.OpenAsync(Ct);
        var expired = await Client(f).LoginAsync(again, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.Equal(RemoteAccessOutcome.EnrolmentExpired, expired.Outcome);
        Assert.Contains("expired on 2030-03-02", expired.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2032-02-28", true)]
    [InlineData("2032-02-29", false)]
    public async Task A_card_enrolled_on_29_February_is_valid_until_the_day_before_its_fourth_anniversary(string day, bool valid)
    {
        using var f = new CardFixture();
        f.Clock.SetUtcNow(new DateTimeOffset(2028, 2, 29, 10, 0, 0, TimeSpan.Zero));
        await using (var desk = await f.OpenAsync(Ct))
        {
            Assert.True((await f.Desk.EnrolAsync(desk, CardFixture.Request(), null, Ct)).IsIssued);
        }

        f.Clock.SetUtcNow(new DateTimeOffset(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await using var card = await f.OpenAsync(Ct);
        var result = await Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.Equal(valid ? RemoteAccessOutcome.Authenticated : RemoteAccessOutcome.EnrolmentExpired, result.Outcome);
    }

    [Fact]
    public async Task A_card_still_in_personalisation_is_refused()
    {
        using var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct);
        Assert.Equal(RemoteAccessOutcome.CardNotIssued, result.Outcome);
    }

    [Theory]
    [InlineData(3)] // the key agreement
    [InlineData(5)] // VERIFY
    [InlineData(6)] // GENERAL AUTHENTICATE
    public async Task Removal_during_a_login_raises_CardRemovedException(int apdu)
    {
        using var f = await IssuedAsync();
        f.Reader.Faults = new FaultPlan { RemoveCardAt = apdu };
        await using var card = await f.OpenAsync(Ct);
        await Assert.ThrowsAsync<CardRemovedException>(() => Client(f).LoginAsync(card, SyntheticFingers.Record(1), Audience, new byte[16], Ct));
    }

    [Fact]
    public async Task A_capture_below_the_card_minimum_is_rejected_without_spending_a_try()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);
        using var tiny = CompactCardTemplate.FromCompact(new byte[3 * 5]);
        var result = await card.VerifyAsync(tiny, allowSecondFinger: true, Ct);
        Assert.Equal(VerificationOutcome.TemplateRejected, result.Outcome);
        Assert.Equal(CasdCardInterface.MaxRetries, (await card.GetBiometricStatusAsync(Ct))[FingerReference.Primary].RetriesLeft);
    }

    [Fact]
    public async Task The_card_signs_only_after_a_match_and_once_per_match()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);

        // Without a channel the host does not send the challenge; inside one, the card wants a VERIFY first.
        var audience = LoginStatement.HashAudience(Audience);
        await Assert.ThrowsAsync<CardChannelSecurityException>(() => card.SignLoginAsync(audience, new byte[16], Ct));
        await card.OpenChannelAsync(CardChannelPurpose.Verification, Ct);
        var denied = await Assert.ThrowsAsync<StatusWordException>(() => card.SignLoginAsync(audience, new byte[16], Ct));
        Assert.Equal(StatusWord.SecurityStatusNotSatisfied, denied.StatusWord);

        // The card takes a probe only inside an encrypting channel: VerifyAsync opens the verification channel itself.
        using (var capture = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default))
        {
            Assert.True((await card.VerifyAsync(capture, false, Ct)).IsMatch);
        }

        Assert.Equal(CardChannelPurpose.Verification, card.ChannelPurpose);
        Assert.NotEqual(0, (await card.SignLoginAsync(audience, new byte[16], Ct)).Signature.Length);
        await Assert.ThrowsAsync<StatusWordException>(() => card.SignLoginAsync(audience, new byte[16], Ct));
    }

    [Fact]
    public async Task Verify_inside_the_desk_channel_keeps_that_channel()
    {
        using var f = await IssuedAsync();
        await using var card = await f.OpenAsync(Ct);
        await card.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
        using var capture = CompactCardTemplate.FromRecord(SyntheticFingers.Record(1), BiometricMatchingParameters.Default);

        // SCP03 with C-DECRYPTION is an encrypting channel: the desk's connection test needs no second channel.
        Assert.True((await card.VerifyAsync(capture, false, Ct)).IsMatch);
        Assert.Equal(CardChannelPurpose.Personalisation, card.ChannelPurpose);
    }

    private static RemoteAccessClient Client(CardFixture f) => new(new RemoteAccessOptions("P-001", f.Policy));

    private static async Task<CardFixture> IssuedAsync(int fingers = 2)
    {
        var f = new CardFixture();
        await using var card = await f.OpenAsync(Ct);
        var result = await f.Desk.EnrolAsync(card, CardFixture.Request(fingers: fingers), null, Ct);
        Assert.True(result.IsIssued, result.Message);
        return f;
    }
}
