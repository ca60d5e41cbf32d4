using Casd.Card.Reliability.Fuzzing;

namespace Casd.Card.ReliabilityTests;

/// <summary>
/// CI replays what the fuzzers found (no fuzzing in CI): every file of every corpus under
/// fuzz/corpus, the committed seeds and the crash regressions alike, goes through the same target
/// code AFL++ ran, and must keep the target's contract: success or the parser's typed refusal,
/// within a time bound (a hang is a crash too).
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);
    private static readonly FuzzWorld World = FuzzWorld.Load(FuzzWorld.Folder);

    public static TheoryData<string> Targets => [.. FuzzTargets.Create(World).Select(t => t.Name)];

    private static string CorpusFolder => Path.Combine(FuzzWorld.RepositoryRoot, "fuzz", "corpus");

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_file_of_the_corpus_keeps_the_contract(string name)
    {
        var target = FuzzTargets.Create(World).Single(t => t.Name == name);
        var files = Directory.GetFiles(Path.Combine(CorpusFolder, name));
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var input = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            try
            {
                await Task.Run(() => target.Run(input), TestContext.Current.CancellationToken).WaitAsync(PerInput, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                failures.Add($"{Path.GetFileName(file)}: no answer within {PerInput.TotalSeconds} s (a hang)");
            }
            catch (Exception exception)
            {
                failures.Add($"{Path.GetFileName(file)}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_corpus_folder_belongs_to_a_target_and_stays_small()
    {
        var names = FuzzTargets.Create(World).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(CorpusFolder))
        {
            Assert.Contains(Path.GetFileName(folder), names);
            var files = Directory.GetFiles(folder);
            Assert.InRange(files.Length, 1, 64);
            Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 0, 16 * 1024));
        }

        Assert.All(names, n => Assert.True(Directory.Exists(Path.Combine(CorpusFolder, n)), $"no corpus for {n}"));
    }

    [Fact]
    public async Task A_freshly_made_world_gives_every_target_seeds_that_keep_the_contract()
    {
        // The committed world was made once; this keeps its maker (enrolment and login through
        // the access centre) working, so the seeds can be regenerated when the interface changes.
        var world = await FuzzWorldMaker.MakeAsync(TestContext.Current.CancellationToken);
        foreach (var target in FuzzTargets.Create(world))
        {
            var seeds = target.Seeds(world).ToList();
            Assert.True(seeds.Count > 0, $"{target.Name} has no seed");
            foreach (var seed in seeds)
            {
                target.Run(seed);
            }
        }
    }
}
