using BenchmarkDotNet.Attributes;
using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Benchmarks.Matching;

/// <summary>
/// One-core comparisons on FVC2002 DB1_B: all 3,160 pairs of the 80 records (openafis's reference
/// timing uses the same pairs), converted to compact card templates, one comparison per operation.
/// The baseline, in the same run, is the previous card matcher (<see cref="LocalStructureMatcher"/>).
/// <see cref="OnCardCompare"/> is what a VERIFY costs: the probe against the reference prepared at
/// enrolment (preparing is not timed, as the card stores the prepared form);
/// <see cref="OnCardCompareFromTemplates"/> also prepares the reference on every comparison.
/// Without the test data (../shared/testdata) synthetic captures stand in, and the log says so.
/// </summary>
[MemoryDiagnoser]
public class MatcherBenchmarks
{
    private const int Pairs = 3160;
    private byte[][] _references = null!;
    private byte[][] _preparedReferences = null!;
    private byte[][] _probes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fvc = LoadFvc();
        var templates = fvc ?? Synthetic();
        Console.WriteLine(fvc is null ? "// MatcherBenchmarks: FVC2002 DB1_B not found; synthetic captures stand in." : "// MatcherBenchmarks: FVC2002 DB1_B, 3,160 pairs.");
        var prepared = templates.Select(t =>
        {
            var buffer = new byte[ElasticMatcher.Instance.GetPreparedReferenceLength(t)];
            return buffer[..ElasticMatcher.Instance.PrepareReference(t, buffer)];
        }).ToList();
        var references = new List<byte[]>(Pairs);
        var preparedReferences = new List<byte[]>(Pairs);
        var probes = new List<byte[]>(Pairs);
        for (var a = 0; a < templates.Count; a++)
        {
            for (var b = a + 1; b < templates.Count; b++)
            {
                references.Add(templates[a]);
                preparedReferences.Add(prepared[a]);
                probes.Add(templates[b]);
            }
        }

        _references = [.. references];
        _preparedReferences = [.. preparedReferences];
        _probes = [.. probes];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs)]
    public int LocalStructureCompare()
    {
        var sum = 0;
        for (var i = 0; i < _references.Length; i++)
        {
            sum += LocalStructureMatcher.Instance.Compare(_references[i], _probes[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int OnCardCompare()
    {
        var sum = 0;
        for (var i = 0; i < _preparedReferences.Length; i++)
        {
            sum += ElasticMatcher.Instance.ComparePrepared(_preparedReferences[i], _probes[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int OnCardCompareFromTemplates()
    {
        var sum = 0;
        for (var i = 0; i < _references.Length; i++)
        {
            sum += ElasticMatcher.Instance.Compare(_references[i], _probes[i]);
        }

        return sum;
    }

    private static List<byte[]>? LoadFvc()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
        {
            dir = dir.Parent;
        }

        var folder = dir is null ? null : Path.Combine(dir.FullName, "..", "shared", "testdata", "fvc2002", "DB1_B");
        if (folder is null || !Directory.Exists(folder))
        {
            return null;
        }

        var result = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.iso").Order(StringComparer.Ordinal))
        {
            using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(file));
            var view = record.Views[0];
            var compact = new byte[CompactCardConverter.GetMaxEncodedLength(view, BiometricMatchingParameters.Default)];
            var written = CompactCardConverter.Convert(view, BiometricMatchingParameters.Default, compact).BytesWritten;
            result.Add(compact[..written]);
        }

        return result.Count == 80 ? result : null;
    }

    private static List<byte[]> Synthetic()
    {
        var generator = new SyntheticFingerGenerator(2002);
        return [.. generator.CreateFingers(10).SelectMany(f => Enumerable.Range(0, 8).Select(_ => generator.CreateImpression(f)))];
    }
}
