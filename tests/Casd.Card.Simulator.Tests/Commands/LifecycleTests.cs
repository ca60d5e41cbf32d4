using Casd.Card.Interface;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class LifecycleTests
{
    private static readonly byte[] Finger = CardHarness.Minutiae(31);

    [Fact]
    public async Task Activate_requires_a_complete_card_and_the_authority()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.Activate()));
        await h.OpenDeskAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Activate()));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Deactivate()));
        Assert.Equal(0x6A86, await h.SwAsync(new Casd.Card.Iso7816.CommandApdu(0x00, 0x44, 0x01, 0x00)));
    }

    [Fact]
    public async Task Issued_card_refuses_personalisation_and_accepts_use()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        Assert.Equal(CardLifecycleState.Issued, (await h.SelectAsync()).Lifecycle);
        await h.OpenDeskAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.ChangeReferenceData(FingerReference.Secondary, CasdCommands.EncodeBiometricTemplate(Finger))));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GenerateKeyPair()));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Activate()));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ResetRetryCounter(FingerReference.Primary)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
    }

    [Fact]
    public async Task Blocked_card_reads_only_and_can_be_reactivated()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.Deactivate()));
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Deactivate()));
        Assert.Equal(CardLifecycleState.Blocked, CasdResponses.ParseLifecycle((await h.SendAsync(CasdCommands.GetData(CasdTags.Lifecycle))).Data.Span));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.ResetRetryCounter(FingerReference.Primary)));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(new byte[32], new byte[32])));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.GetData(CasdTags.Holder)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Activate()));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
    }

    [Fact]
    public async Task Terminated_card_erases_secrets_and_reads_only()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Terminate()));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Terminate()));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Activate()));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(CasdTags.PublicKey)));
        Assert.False((await h.BiometricStatusAsync())[FingerReference.Primary].IsEnrolled);
        Assert.Equal(CardLifecycleState.Terminated, (await h.SelectAsync()).Lifecycle);
        Assert.DoesNotContain(h.Card.Store.CellNames, n => n.StartsWith("ref.", StringComparison.Ordinal) || n == "key");
    }
}
