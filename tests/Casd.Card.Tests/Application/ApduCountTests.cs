using Casd.Card.RemoteAccess;
using Casd.Card.Simulator.Tracing;

namespace Casd.Card.Tests.Application;

/// <summary>
/// Each APDU costs 5–50 ms on a real contact card, so the workflows send as few as the protocol
/// allows; these counts are recorded in docs/performance.md and held here.
/// </summary>
public sealed class ApduCountTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_takes_six_APDUs_from_the_reader_to_the_signature()
    {
        using var f = new CardFixture();
        await using (var desk = await f.OpenAsync(Ct))
        {
            Assert.True((await f.Desk.EnrolAsync(desk, CardFixture.Request(), null, Ct)).IsIssued);
        }

        var trace = new ApduTrace();
        f.Card.Trace = trace;
        var verifier = f.Verifier();
        var challenge = await verifier.IssueChallengeAsync(Ct);
        await using var card = await f.OpenAsync(Ct);
        var login = await new RemoteAccessClient(new RemoteAccessOptions("P-001", f.Policy)).LoginAsync(card, SyntheticFingers.Record(1), CardFixture.Audience, challenge, Ct);
        Assert.True(login.IsAuthenticated, login.Reason);
        Assert.True((await verifier.VerifyAsync(login.Assertion!, Ct)).IsValid);

        // SELECT, certificate store, key agreement, login information, VERIFY, GENERAL AUTHENTICATE.
        var instructions = trace.Entries.Select(e => e.Header.Span[1]).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(" ", instructions.Select(i => i.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal([0xA4, 0xCA, 0x88, 0xCA, 0x20, 0x87], instructions);
    }

    [Fact]
    public async Task An_enrolment_with_two_fingers_takes_the_APDUs_docs_performance_records()
    {
        using var f = new CardFixture();
        var trace = new ApduTrace();
        f.Card.Trace = trace;
        await using var card = await f.OpenAsync(Ct);
        Assert.True((await f.Desk.EnrolAsync(card, CardFixture.Request(), null, Ct)).IsIssued);
        var instructions = trace.Entries.Select(e => e.Header.Span[1].ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{instructions.Length}: {string.Join(" ", instructions)}");
        // SELECT, SCP03 (2), inspection (3), PUT DATA (3), key pair, certificate, two fingers, the
        // match check, ACTIVATE, then the connection test: a login (SELECT and five).
        Assert.True(instructions.Length <= 21, $"the enrolment took {instructions.Length} APDUs: {string.Join(" ", instructions)}");
    }

    [Fact]
    public async Task Opening_a_card_is_one_SELECT()
    {
        using var f = new CardFixture();
        var trace = new ApduTrace();
        f.Card.Trace = trace;
        await using var card = await f.OpenAsync(Ct);
        Assert.Equal(f.Card.Serial, card.Serial);
        Assert.Equal([0xA4], trace.Entries.Select(e => e.Header.Span[1]).ToArray());
    }
}
