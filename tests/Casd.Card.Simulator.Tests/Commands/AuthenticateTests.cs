using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class AuthenticateTests
{
    private static readonly byte[] Finger = CardHarness.Minutiae(21);
    private static readonly byte[] Challenge = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Audience = LoginStatement.HashAudience("https://remote.casd.test");

    [Fact]
    public async Task General_authenticate_signs_the_cards_own_statement_once_per_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        var point = await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        var response = (await h.SendAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge))).EnsureSuccess();
        var (encoded, signature) = CasdResponses.ParseGeneralAuthenticate(response.Data.Span);
        Assert.True(CardHarness.VerifySignature(point, encoded, signature));

        // Everything but the audience and the challenge comes from the card's own records.
        var statement = LoginStatement.Parse(encoded);
        Assert.Equal(Audience, statement.AudienceHash.ToArray());
        Assert.Equal(Challenge, statement.Challenge.ToArray());
        Assert.Equal(h.Card.Serial, statement.CardSerial);
        Assert.Equal(CardHarness.Project.ProjectCode, statement.ProjectCode);
        Assert.Equal(CardHarness.Enrolment.Kind, statement.Kind);
        Assert.Equal(CardHarness.Enrolment.FullEnrolmentDate, statement.FullEnrolmentDate);
        Assert.Equal(CardHarness.Enrolment.IsExpress, statement.IsExpress);
        Assert.Equal(FingerReference.Primary, statement.Finger);
        Assert.True(statement.MatchedOnCard);
        Assert.Equal(1u, statement.SignatureCounter);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }

    [Fact]
    public async Task The_signature_counter_rises_with_every_signature_and_survives_power_cycles()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        var counters = new List<uint>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
            var response = (await h.SendAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge))).EnsureSuccess();
            counters.Add(LoginStatement.Parse(CasdResponses.ParseGeneralAuthenticate(response.Data.Span).Statement).SignatureCounter);
            h.Card.Reset();
            await h.SelectAsync();
            await h.OpenDeskAsync();
        }

        Assert.Equal([1u, 2u, 3u], counters);
    }

    [Fact]
    public async Task A_tear_after_the_counter_is_committed_costs_a_counter_value_and_never_repeats_one()
    {
        await using var h = await CardHarness.CreateAsync(CardHarness.RulesOff);
        await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        h.Card.TearAfterNvmWrites(1);
        await Assert.ThrowsAsync<CardPowerLostException>(() => h.SendAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        await h.ReconnectAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        var response = (await h.SendAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge))).EnsureSuccess();
        Assert.Equal(2u, LoginStatement.Parse(CasdResponses.ParseGeneralAuthenticate(response.Data.Span).Statement).SignatureCounter);
    }

    [Fact]
    public async Task Authenticate_errors_keep_the_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, new byte[15])));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, new byte[65])));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.GeneralAuthenticate(new byte[31], Challenge)));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x07, 0x9A, CasdCommands.GeneralAuthenticate(Audience, Challenge).Data, 256)));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x11, 0x9A, new byte[] { 0x7C, 0x02, 0x81, 0x00 }, 256)));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x11, 0x9A, new byte[] { 0x7C, 0x05, 0x82 }, 256)));

        // The interface-1 form without an audience is refused: the card signs login statements only.
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x11, 0x9A, (byte[])[0x7C, 0x14, 0x82, 0x00, 0x81, 0x10, .. Challenge[..16]], 256)));
        Assert.Equal(0x6D00, await h.SwAsync(new CommandApdu(0x00, 0x88, 0x00, 0x00, Challenge, 256)));
        Assert.Equal(FingerReference.Primary, (await h.BiometricStatusAsync()).VerifiedReference);
    }

    [Fact]
    public async Task A_card_in_personalisation_does_not_sign_even_after_a_match()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Finger))));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        await h.GenerateKeyAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }
}
