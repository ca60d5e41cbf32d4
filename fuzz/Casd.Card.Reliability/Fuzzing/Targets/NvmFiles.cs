namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>A scratch folder for the state-file targets (in memory under /dev/shm where there is one) and their fixed storage key.</summary>
internal static class NvmFiles
{
    public static readonly byte[] StorageKey = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();

    private static readonly Lazy<string> ScratchFolder = new(() =>
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, $"casd-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary>Gets a state file path of this process, emptied (with its temporary file) before each use.</summary>
    public static string FreshPath()
    {
        var path = Path.Combine(ScratchFolder.Value, $"card-{Environment.CurrentManagedThreadId}.nvm");
        File.Delete(path);
        File.Delete(path + ".tmp");
        return path;
    }
}
