using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

/// <summary>The card interface's access rules hold on a card created with the default options (docs/decisions/0073).</summary>
public sealed class AccessRulesTests
{
    private static readonly byte[] Finger = CardHarness.Minutiae(41);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void A_default_card_enforces_the_rules_and_refuses_the_granted_authority()
    {
        var card = new SimulatedCard();
        Assert.True(card.Options.EnforceChannelAccessRules);
        card.Transmit(CasdCommands.Select().ToArray());
        var error = Assert.Throws<InvalidOperationException>(card.GrantPersonalisationAuthority);
        Assert.Contains("EnforceChannelAccessRules", error.Message, StringComparison.Ordinal);
        Assert.False(card.SecurityStatus.PersonalisationAuthority);
        Assert.Equal(new byte[] { 0x69, 0x82 }, card.Transmit(CasdCommands.PutData(CardHarness.Holder.Encode()).ToArray()));
    }

    [Fact]
    public void A_card_with_the_rules_off_explicitly_grants_the_authority()
    {
        var card = new SimulatedCard(CardHarness.RulesOff);
        card.Transmit(CasdCommands.Select().ToArray());
        card.GrantPersonalisationAuthority();
        Assert.Equal(new byte[] { 0x90, 0x00 }, card.Transmit(CasdCommands.PutData(CardHarness.Holder.Encode()).ToArray()));
    }

    [Fact]
    public async Task Personalisation_and_verify_in_clear_are_refused_and_accepted_inside_scp03()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GenerateKeyPair()));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(Finger))));

        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();

        // VERIFY with a probe in clear is refused before the matcher or the counter is touched.
        var before = h.Card.NvmWriteCount;
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(before, h.Card.NvmWriteCount);
        Assert.Equal(5, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);

        // The status query carries no data and stays allowed in clear.
        Assert.Equal(0x63C5, await h.SwAsync(CasdCommands.VerifyStatus(FingerReference.Primary)));

        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
    }
}
