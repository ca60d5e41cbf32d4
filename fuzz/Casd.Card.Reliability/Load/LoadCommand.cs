using System.Diagnostics;
using System.Globalization;
using Casd.Card.Reliability.Fuzzing;

namespace Casd.Card.Reliability.Load;

/// <summary>
/// <c>casd-reliability load [--readers 1,2,4,8,16] [--logins N] [--restart]</c>: one phase per reader
/// count, then (with --restart) one with pcscd stopped and started in the middle through
/// .ci/pcscd.sh. Needs pcscd with the load readers of .ci/vpcd-readers.sh (docs/reliability.md).
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int[] counts = [1, 2, 4, 8, 16];
        var logins = 50;
        var restart = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--readers":
                    counts = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                case "--logins":
                    logins = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--restart":
                    restart = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.", nameof(args));
            }
        }

        await using var runner = new LoadRunner();
        await runner.StartAsync(LoadReader.First(counts.Max()), CancellationToken.None);
        var passed = true;
        foreach (var count in counts)
        {
            var report = await runner.RunAsync(count, logins, CancellationToken.None);
            Console.Write(report);
            passed &= report.Passed;
        }

        if (restart)
        {
            var report = await runner.RunWithRestartAsync(counts.Max(), () => PcscdAsync("stop"), () => PcscdAsync("start"), CancellationToken.None);
            Console.Write(report);
            passed &= report.Passed;
        }

        return passed ? 0 : 1;
    }

    /// <summary>Stops or starts the pcscd this checkout owns, by PID (.ci/pcscd.sh).</summary>
    public static async Task PcscdAsync(string verb)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(FuzzWorld.RepositoryRoot, ".ci", "pcscd.sh"));
        start.ArgumentList.Add(verb);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/pcscd.sh {verb} failed: {output}");
        }
    }
}
