using Casd.Card.Biometrics;
using Casd.Card.Cli.Evaluation;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card eval &lt;folder&gt;</c>: parses its options and hands them to
/// <see cref="MatcherEvaluation"/>, which runs the comparisons on a folder of minutiae records through
/// the whole match-on-card path and reports the error rates, the DET curve and the scores.
/// </summary>
internal sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";

    public string Summary => "Measure the on-card matcher on a folder of FVC-named minutiae records.";

    public string Usage => """
        Usage: casd-card eval <folder> [--out <dir>] [--through-apdu] [--level 1000|10000|100000] [--protocol all-pairs|fvc] [--lodo]
          <folder>        records named <finger>_<impression>.iso (ISO 19794-2 / ANSI 378)
          --out <dir>     also write scores.csv, det.png and summary.md there
          --through-apdu  enrol and verify through the simulated card's APDUs (slower; same scores)
          --level <n>     the false-match rate 1:n the card decides at (default 10000)
          --lodo          <folder> holds one folder per database: choose the matcher's tolerances
                          by leave-one-database-out and report the held-out figures
          --protocol <p>  all-pairs (default): impostors are all pairs of different fingers;
                          fvc: impostors are first impressions only (FVC); EER as FVC defines it
        The last line is: EER=<x>% FMR100=<x>% FMR1000=<x>% ZeroFMR=<x>% genuine=<n> impostor=<n>
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = ParseArguments(args);
        if (options.LeaveOneDatabaseOut)
        {
            return await MatcherEvaluation.StudyAsync(options.Folder, options.Out, output, error, cancellationToken).ConfigureAwait(false) ? ExitCodes.Success : ExitCodes.Failure;
        }

        var rates = await MatcherEvaluation.RunAsync(options, ElasticMatcher.Instance, output, error, cancellationToken).ConfigureAwait(false);
        return rates is null ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static EvaluationOptions ParseArguments(IReadOnlyList<string> args)
    {
        string? folder = null;
        string? outFolder = null;
        var throughApdu = false;
        var level = MatchSecurityLevel.FalseMatchRate1In10000;
        var protocol = EvaluationProtocol.AllPairs;
        var leaveOneDatabaseOut = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out":
                    outFolder = i + 1 < args.Count ? args[++i] : throw new UsageException("--out needs a folder.");
                    break;
                case "--lodo":
                    leaveOneDatabaseOut = true;
                    break;
                case "--through-apdu":
                    throughApdu = true;
                    break;
                case "--level":
                    level = (i + 1 < args.Count ? args[++i] : throw new UsageException("--level needs 1000, 10000 or 100000.")) switch
                    {
                        "1000" => MatchSecurityLevel.FalseMatchRate1In1000,
                        "10000" => MatchSecurityLevel.FalseMatchRate1In10000,
                        "100000" => MatchSecurityLevel.FalseMatchRate1In100000,
                        var other => throw new UsageException($"unknown level '{other}': use 1000, 10000 or 100000."),
                    };
                    break;
                case "--protocol":
                    protocol = (i + 1 < args.Count ? args[++i] : throw new UsageException("--protocol needs fvc or all-pairs.")) switch
                    {
                        "all-pairs" => EvaluationProtocol.AllPairs,
                        "fvc" => EvaluationProtocol.Fvc,
                        var other => throw new UsageException($"unknown protocol '{other}': use fvc or all-pairs."),
                    };
                    break;
                case var option when option.StartsWith('-'):
                    throw new UsageException($"unknown option '{option}'.");
                default:
                    folder = folder is null ? args[i] : throw new UsageException($"unexpected argument '{args[i]}'.");
                    break;
            }
        }

        return new EvaluationOptions(folder ?? throw new UsageException("the folder of records is missing."), outFolder, throughApdu, level, protocol, leaveOneDatabaseOut);
    }
}
