using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The state file loader over a whole sealed file (header, nonce, ciphertext, tag), opened with the
/// right storage key: anything but a genuine seal must be refused with a typed exception.
/// </summary>
internal sealed class NvmFileTarget : FuzzTarget
{
    public override string Name => "nvm-file";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) =>
        NvmCellsTarget.SampleTables().Select(table => FileNvmStore.Seal(table, NvmFiles.StorageKey)).Append("CASDNVM1"u8.ToArray());

    protected override void Parse(byte[] input)
    {
        var path = NvmFiles.FreshPath();
        File.WriteAllBytes(path, input);
        var store = new FileNvmStore(path, NvmFiles.StorageKey);
        _ = store.CellNames.Count;
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException or NvmStorageKeyException;
}
