using System.Globalization;

namespace Casd.Card.Reliability.Soak;

/// <summary><c>casd-reliability soak [--seed N] [--iterations N] [--cards N]</c>: prints the report; exit 1 on any violation.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SoakOptions { Progress = Console.Out };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--seed" => options with { Seed = value },
                "--iterations" => options with { Iterations = value },
                "--cards" => options with { Cards = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.", nameof(args)),
            };
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: seed {options.Seed}, {options.Iterations} iterations, {options.Cards} cards, fault rate {options.FaultRate:P0}"));
        using var runner = new SoakRunner(options);
        var report = await runner.RunAsync(CancellationToken.None);
        Console.Write(report);
        return report.Passed ? 0 : 1;
    }
}
