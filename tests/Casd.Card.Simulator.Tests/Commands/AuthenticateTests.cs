using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class AuthenticateTests
{
    private static readonly byte[] Finger = CardHarness.Minutiae(21);
    private static readonly byte[] Challenge = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Internal_authenticate_signs_once_per_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        var point = await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.InternalAuthenticate(Challenge)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        var response = (await h.SendAsync(CasdCommands.InternalAuthenticate(Challenge))).EnsureSuccess();
        Assert.True(CardHarness.VerifySignature(point, Challenge, CasdResponses.ParseInternalAuthenticate(response.Data.Span)));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.InternalAuthenticate(Challenge)));
    }

    [Fact]
    public async Task General_authenticate_signs_once_per_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        var point = await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        var response = (await h.SendAsync(CasdCommands.GeneralAuthenticate(Challenge))).EnsureSuccess();
        Assert.True(CardHarness.VerifySignature(point, Challenge, CasdResponses.ParseGeneralAuthenticate(response.Data.Span)));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Challenge)));
    }

    [Fact]
    public async Task Authenticate_errors_keep_the_verification()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.InternalAuthenticate(new byte[15])));
        Assert.Equal(0x6A80, await h.SwAsync(CasdCommands.InternalAuthenticate(new byte[129])));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x88, 0x01, 0x00, Challenge, 256)));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x07, 0x9A, CasdCommands.GeneralAuthenticate(Challenge).Data, 256)));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x11, 0x9A, new byte[] { 0x7C, 0x02, 0x81, 0x00 }, 256)));
        Assert.Equal(0x6A80, await h.SwAsync(new CommandApdu(0x00, 0x87, 0x11, 0x9A, new byte[] { 0x7C, 0x05, 0x82 }, 256)));
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
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.InternalAuthenticate(Challenge)));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(Challenge)));
        await h.GenerateKeyAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.InternalAuthenticate(Challenge)));
    }
}
