using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Nvm;

public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("casd-nvm-").FullName;

    [Fact]
    public async Task A_card_in_a_file_survives_a_restart()
    {
        // About the state file, not the channel: the rules are off so VERIFY goes in clear after the restart.
        var path = Path.Combine(_directory, "card.nvm");
        var finger = CardHarness.Minutiae(51);
        string serial;
        await using (var h = await CardHarness.CreateAsync(CardHarness.RulesOff, store: new FileNvmStore(path)))
        {
            await h.PersonaliseAsync(finger, issue: true);
            Assert.Equal(0x63C4, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, CardHarness.Minutiae(52))));
            serial = h.Card.Serial;
        }

        await using (var h = await CardHarness.CreateAsync(CardHarness.RulesOff, store: new FileNvmStore(path)))
        {
            var fci = await h.SelectAsync();
            Assert.Equal(CardLifecycleState.Issued, fci.Lifecycle);
            Assert.Equal(serial, h.Card.Serial);
            Assert.Equal(CardHarness.Holder, HolderIdentity.Parse((await h.SendAsync(CasdCommands.GetData(CasdTags.Holder))).EnsureSuccess().Data.Span));
            Assert.Equal(4, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
            Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, finger.ToArray())));
        }

        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_torn_file_card_recovers_on_the_next_start()
    {
        var path = Path.Combine(_directory, "torn.nvm");
        var card = new SimulatedCard(new FileNvmStore(path), CardHarness.RulesOff);
        card.Transmit(CasdCommands.Select().ToArray());
        card.GrantPersonalisationAuthority();
        card.TearAfterNvmWrites(3);
        Assert.Throws<CardPowerLostException>(() => card.Transmit(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(53))).ToArray()));

        // A new process opens the file: the committed journal is replayed.
        var restarted = new SimulatedCard(new FileNvmStore(path));
        Assert.Contains("ref.96", restarted.Store.CellNames);
        Assert.DoesNotContain(restarted.Store.CellNames, n => n == "~journal.commit");
    }

    [Theory]
    [InlineData("")]
    [InlineData("4341534400")]
    [InlineData("434153444E564D3100000001")]
    [InlineData("434153444E564D310000000103616263000000FF00")]
    [InlineData("434153444E564D310000000003")]
    public void A_corrupt_state_file_is_refused(string hex)
    {
        var path = Path.Combine(_directory, "bad.nvm");
        File.WriteAllBytes(path, Convert.FromHexString(hex));
        if (hex.Length == 0)
        {
            Assert.Throws<CardDataFormatException>(() => new FileNvmStore(path));
            return;
        }

        var ex = Assert.Throws<CardDataFormatException>(() => new FileNvmStore(path));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
