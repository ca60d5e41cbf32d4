using System.Security.Cryptography;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The plaintext cell table of a state file, sealed genuinely (FileNvmStore.Seal) so the fuzzed
/// bytes reach the loader's parser, then a card over the loaded cells, which must either refuse its
/// state as corrupt (CardDataFormatException) or answer commands with status words.
/// </summary>
internal sealed class NvmCellsTarget : FuzzTarget
{
    public override string Name => "nvm-cells";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => SampleTables();

    /// <summary>Cell tables of real cards: a manufactured one and one with holder data written.</summary>
    internal static IEnumerable<byte[]> SampleTables()
    {
        var path = NvmFiles.FreshPath();
        var card = new SimulatedCard(new FileNvmStore(path, NvmFiles.StorageKey), new SimulatedCardOptions { Serial = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, EnforceChannelAccessRules = false });
        yield return Unseal(File.ReadAllBytes(path));
        card.Transmit(CasdCommands.Select().ToArray(ApduLengthFormat.Auto));
        card.Transmit(CasdCommands.PutData(new HolderIdentity("R-9", "Roe", "Ann").Encode()).ToArray(ApduLengthFormat.Auto));
        yield return Unseal(File.ReadAllBytes(path));
    }

    protected override void Parse(byte[] input)
    {
        var path = NvmFiles.FreshPath();
        File.WriteAllBytes(path, FileNvmStore.Seal(input, NvmFiles.StorageKey));
        var card = new SimulatedCard(new FileNvmStore(path, NvmFiles.StorageKey));
        CardApduTarget.CheckAnswer(card.Transmit(CasdCommands.Select().ToArray(ApduLengthFormat.Auto)));
        CardApduTarget.CheckAnswer(card.Transmit(CasdCommands.GetData(CasdTags.LoginInformation).ToArray(ApduLengthFormat.Auto)));
        CardApduTarget.CheckAnswer(card.Transmit(Convert.FromHexString("80CABF3100")));
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException or NvmStorageKeyException;

    private static byte[] Unseal(byte[] sealedFile)
    {
        const int Header = 8, Nonce = 12, Tag = 16;
        var plaintext = new byte[sealedFile.Length - Header - Nonce - Tag];
        using var gcm = new AesGcm(NvmFiles.StorageKey, Tag);
        gcm.Decrypt(sealedFile.AsSpan(Header, Nonce), sealedFile.AsSpan(Header + Nonce, plaintext.Length), sealedFile.AsSpan(sealedFile.Length - Tag), plaintext, sealedFile.AsSpan(0, Header));
        return plaintext;
    }
}
