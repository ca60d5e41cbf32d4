using System.Globalization;
using Casd.Card.Reliability.Fuzzing;
using SharpFuzz;

namespace Casd.Card.Reliability;

/// <summary>The verbs of the tool (docs/reliability.md says how each run is made).</summary>
internal static class ReliabilityCommands
{
    private const string Usage = """
        usage:
          casd-reliability targets                     the fuzz target names, one per line
          casd-reliability fuzz TARGET                 run TARGET under afl-fuzz (SharpFuzz; input on stdin otherwise)
          casd-reliability replay TARGET FILE...       run files through TARGET, print what escaped the contract
          casd-reliability seeds                       remake fuzz/world and the seed files of fuzz/corpus
          casd-reliability soak [--seed N] [--iterations N]
          casd-reliability load [--readers 1,2,4,8,16] [--logins N] [--first-port 35965]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length == 0 ? "targets" : args[0];
        switch (verb)
        {
            case "targets":
                foreach (var target in FuzzTargets.Create(FuzzWorld.Load(FuzzWorld.Folder)))
                {
                    Console.WriteLine(target.Name);
                }

                return 0;
            case "fuzz" when args.Length == 2:
                // SharpFuzz maps AFL's coverage memory when Run starts: instrumented code (our
                // assemblies) must not run before it, so the target is made on the first input.
                FuzzTarget? fuzzed = null;
                var name = args[1];
                Fuzzer.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    fuzzed ??= Find(name);
                    fuzzed.Run(buffer.ToArray());
                });
                return 0;
            case "replay" when args.Length >= 3:
                return Replay(Find(args[1]), args[2..]);
            case "seeds":
                await WriteSeedsAsync();
                return 0;
            case "soak":
                return await Soak.SoakCommand.RunAsync(args[1..]);
            case "load":
                return await Load.LoadCommand.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static FuzzTarget Find(string name) =>
        FuzzTargets.Create(FuzzWorld.Load(FuzzWorld.Folder)).FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"No fuzz target '{name}'; 'casd-reliability targets' lists them.", nameof(name));

    private static int Replay(FuzzTarget target, string[] files)
    {
        var failures = 0;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok    {file}");
            }
            catch (Exception exception)
            {
                failures++;
                Console.WriteLine($"CRASH {file}: {exception}");
            }
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task WriteSeedsAsync()
    {
        var world = await FuzzWorldMaker.MakeAsync(CancellationToken.None);
        world.Save(FuzzWorld.Folder);
        foreach (var target in FuzzTargets.Create(world))
        {
            var folder = Path.Combine(FuzzWorld.RepositoryRoot, "fuzz", "corpus", target.Name);
            Directory.CreateDirectory(folder);
            foreach (var old in Directory.GetFiles(folder, "seed-*"))
            {
                File.Delete(old);
            }

            var n = 0;
            foreach (var seed in target.Seeds(world))
            {
                target.Run(seed);
                await File.WriteAllBytesAsync(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"seed-{n++:D2}")), seed);
            }

            Console.WriteLine($"{target.Name}: {n} seeds");
        }
    }
}
