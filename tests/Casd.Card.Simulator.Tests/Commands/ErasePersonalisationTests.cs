using Casd.Card.Interface;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class ErasePersonalisationTests
{
    [Fact]
    public async Task Erase_removes_every_personalised_object_and_keeps_the_serial()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(CardHarness.Minutiae(1), issue: false, secondary: CardHarness.Minutiae(2));
        var serial = h.Card.Serial;
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.ErasePersonalisation()));

        foreach (var tag in new[] { CasdTags.Holder, CasdTags.Project, CasdTags.EnrolmentRecord, CasdTags.Certificate, CasdTags.PublicKey })
        {
            Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(tag)));
        }

        Assert.All((await h.BiometricStatusAsync()).Fingers, f => Assert.False(f.IsEnrolled));
        Assert.Equal(serial, h.Card.Serial);
        Assert.Equal(CardLifecycleState.Personalisation, h.Card.Lifecycle);
    }

    [Fact]
    public async Task Erase_needs_the_authority_the_personalisation_state_and_no_data()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.ErasePersonalisation()));
        await h.OpenDeskAsync();
        Assert.Equal(0x6A86, await h.SwAsync(new Casd.Card.Iso7816.CommandApdu(0x00, CasdCommands.EraseIns, 0x01, 0x00)));
        Assert.Equal(0x6700, await h.SwAsync(new Casd.Card.Iso7816.CommandApdu(0x00, CasdCommands.EraseIns, 0x00, 0x00, new byte[] { 1 })));

        await h.PersonaliseAsync(CardHarness.Minutiae(1), issue: true);
        await h.SelectAsync();
        await h.OpenDeskAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.ErasePersonalisation()));
    }

    [Fact]
    public async Task A_torn_erase_leaves_either_everything_or_nothing()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.PersonaliseAsync(CardHarness.Minutiae(1));
        await h.SelectAsync();
        await h.OpenDeskAsync();
        h.Card.TearAfterNvmWrites(1);
        await Assert.ThrowsAnyAsync<Exception>(() => h.SwAsync(CasdCommands.ErasePersonalisation()));
        h.Card.CancelTearing();
        await h.ReconnectAsync();
        await h.SelectAsync();
        var present = 0;
        foreach (var tag in new[] { CasdTags.Holder, CasdTags.Project, CasdTags.EnrolmentRecord, CasdTags.PublicKey })
        {
            present += await h.SwAsync(CasdCommands.GetData(tag)) == 0x9000 ? 1 : 0;
        }

        Assert.True(present is 0 or 4, $"{present} of 4 objects survived a torn erase");
    }
}
