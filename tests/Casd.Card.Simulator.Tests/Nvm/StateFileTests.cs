using System.Text;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Nvm;

public sealed class StateFileTests : IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(0, FileNvmStore.StorageKeyLength).Select(i => (byte)(0xA0 + i)).ToArray();
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

        // A new process opens the file: the committed journal is replayed, then wiped.
        var restarted = new SimulatedCard(new FileNvmStore(path));
        Assert.Contains("ref.96", restarted.Store.CellNames);
        Assert.DoesNotContain(restarted.Store.CellNames, n => n.StartsWith('~'));
    }

    [Fact]
    public async Task A_stolen_state_file_shows_no_cell_names_holder_data_key_or_template()
    {
        var path = Path.Combine(_directory, "stolen.nvm");
        var finger = CardHarness.Minutiae(54);
        var store = new FileNvmStore(path);
        await using (var h = await CardHarness.CreateAsync(CardHarness.RulesOff, store: store))
        {
            await h.PersonaliseAsync(finger, issue: true);
        }

        var file = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var printable = Strings(file);
        foreach (var word in new[] { "ref.96", "ctr.96", "holder", "key", "journal", "Durand", "Camille", "R-2024-0042", "P-HEALTH-7", "Hospital" })
        {
            Assert.DoesNotContain(printable, s => s.Contains(word, StringComparison.OrdinalIgnoreCase));
        }

        var privateKey = store.Read("key")![..32];
        var template = store.Read("ref.96")![1..];
        Assert.Equal(-1, file.AsSpan().IndexOf(privateKey));
        Assert.Equal(-1, file.AsSpan().IndexOf(template.AsSpan(0, 12)));
        Assert.Equal(-1, file.AsSpan().IndexOf(finger.AsSpan(0, 12)));
    }

    [Fact]
    public void State_and_key_files_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only; on Windows the files inherit the directory's ACL.");
            return;
        }

        var path = Path.Combine(_directory, "mode.nvm");
        _ = new SimulatedCard(new FileNvmStore(path), CardHarness.RulesOff);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FileNvmStore.DefaultKeyPath(path)));
    }

    [Fact]
    public void A_state_file_without_its_key_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(_directory, "nokey.nvm");
        _ = new SimulatedCard(new FileNvmStore(path), CardHarness.RulesOff);
        File.Delete(FileNvmStore.DefaultKeyPath(path));

        var error = Assert.Throws<NvmStorageKeyException>(() => new FileNvmStore(path));
        Assert.Contains("sealed", error.Message, StringComparison.Ordinal);
        Assert.Contains(FileNvmStore.DefaultKeyPath(path), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(FileNvmStore.DefaultKeyPath(path)), "opening must not create a new key for an existing state");
    }

    [Fact]
    public void Another_cards_key_does_not_open_a_state_file()
    {
        var path = Path.Combine(_directory, "mine.nvm");
        var other = Path.Combine(_directory, "other.nvm");
        _ = new SimulatedCard(new FileNvmStore(path), CardHarness.RulesOff);
        _ = new SimulatedCard(new FileNvmStore(other), CardHarness.RulesOff);

        Assert.Throws<NvmStorageKeyException>(() => new FileNvmStore(path, FileNvmStore.DefaultKeyPath(other)));
    }

    [Fact]
    public void A_state_file_changed_by_one_bit_is_refused()
    {
        // The attacker who copies a card file wants its retry counters back to 5: any change breaks the seal.
        var path = Path.Combine(_directory, "flip.nvm");
        _ = new SimulatedCard(new FileNvmStore(path, Key), CardHarness.RulesOff);
        var original = File.ReadAllBytes(path);
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] ^= 0x01;
            File.WriteAllBytes(path, changed);
            Assert.ThrowsAny<Casd.Card.Transport.CardException>(() => new FileNvmStore(path, Key));
        }
    }

    [Fact]
    public void A_state_file_in_a_missing_directory_is_refused()
    {
        var path = Path.Combine(_directory, "no", "such", "card.nvm");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new FileNvmStore(path));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "no")));
    }

    [Fact]
    public void The_journal_is_wiped_once_committed()
    {
        var store = new MemoryNvmStore();
        var card = new SimulatedCard(store, CardHarness.RulesOff);
        card.Transmit(CasdCommands.Select().ToArray());
        card.GrantPersonalisationAuthority();
        var template = CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(55));
        Assert.Equal([0x90, 0x00], card.Transmit(CasdCommands.ChangeReferenceData(FingerReference.Primary, template).ToArray())[^2..]);
        Assert.DoesNotContain(store.CellNames, n => n.StartsWith('~'));
    }

    [Fact]
    public void A_tear_while_wiping_the_journal_leaves_entries_that_the_next_power_up_wipes()
    {
        var store = new MemoryNvmStore();
        var card = new SimulatedCard(store, CardHarness.RulesOff);
        card.Transmit(CasdCommands.Select().ToArray());
        card.GrantPersonalisationAuthority();
        var command = CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(CardHarness.Minutiae(56))).ToArray();

        // Two journal entries, the marker, two cells, the marker's removal: the next write wipes the first entry.
        card.TearAfterNvmWrites(6);
        Assert.Throws<CardPowerLostException>(() => card.Transmit(command));
        Assert.Contains(store.CellNames, n => n.StartsWith("~journal.", StringComparison.Ordinal));
        card.PowerOn();
        Assert.DoesNotContain(store.CellNames, n => n.StartsWith('~'));
        Assert.Contains("ref.96", store.CellNames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4341534400")]
    [InlineData("434153444E564D3100000000")]
    [InlineData("434153444E564D32000000000000000000000000")]
    public void A_file_that_is_not_a_sealed_state_file_is_refused(string hex)
    {
        var path = Path.Combine(_directory, "bad.nvm");
        File.WriteAllBytes(path, Convert.FromHexString(hex));
        var ex = Assert.Throws<CardDataFormatException>(() => new FileNvmStore(path, Key));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00000001")]
    [InlineData("0000000103616263000000FF00")]
    [InlineData("0000000003")]
    [InlineData("0000000201610000000001016100000000")]
    public void A_sealed_file_whose_cell_table_is_corrupt_is_refused(string plaintextHex)
    {
        var path = Path.Combine(_directory, "sealed-bad.nvm");
        File.WriteAllBytes(path, FileNvmStore.Seal(Convert.FromHexString(plaintextHex), Key));
        var ex = Assert.Throws<CardDataFormatException>(() => new FileNvmStore(path, Key));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>What the Unix strings(1) tool shows: runs of four or more printable ASCII characters.</summary>
    private static List<string> Strings(byte[] data)
    {
        var runs = new List<string>();
        var current = new StringBuilder();
        foreach (var b in data)
        {
            if (b is >= 0x20 and < 0x7F)
            {
                current.Append((char)b);
                continue;
            }

            if (current.Length >= 4)
            {
                runs.Add(current.ToString());
            }

            current.Clear();
        }

        if (current.Length >= 4)
        {
            runs.Add(current.ToString());
        }

        return runs;
    }
}
