using System.Globalization;
using System.Text;
using Casd.Card.Biometrics;
using Casd.Card.Cli.Evaluation;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card eval &lt;folder&gt;</c>: runs the FVC protocol on a folder of minutiae records through
/// the whole match-on-card path (record → compact card → the card's matcher) and reports the error
/// rates, the DET curve and the scores.
/// </summary>
internal sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";

    public string Summary => "Measure the on-card matcher on a folder of FVC-named minutiae records.";

    public string Usage => """
        Usage: casd-card eval <folder> [--out <dir>] [--through-apdu] [--level 1000|10000|100000]
          <folder>        records named <finger>_<impression>.iso (ISO 19794-2 / ANSI 378)
          --out <dir>     also write scores.csv, det.png and summary.md there
          --through-apdu  enrol and verify through the simulated card's APDUs (slower; same scores)
          --level <n>     the false-match rate 1:n the card decides at (default 10000)
        The last line is: EER=<x>% FMR100=<x>% FMR1000=<x>% ZeroFMR=<x>% genuine=<n> impostor=<n>
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = ParseArguments(args);
        IReadOnlyList<FvcTemplate> templates;
        try
        {
            templates = await FvcTemplateSet.LoadAsync(options.Folder, BiometricMatchingParameters.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"casd-card eval: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var matcher = LocalStructureMatcher.Instance;
        IComparisonPath path = options.ThroughApdu ? new ApduComparisonPath(matcher, options.Level) : new DirectComparisonPath(matcher, options.Level);
        var genuine = new List<int>();
        var impostor = new List<int>();
        var csv = new StringBuilder("kind,reference,probe,score,matched\n");
        var total = FvcProtocol.Count(templates);
        var progress = new ProgressBar(error, total, "comparing");
        long done = 0;
        var falseMatches = 0;
        var falseNonMatches = 0;
        foreach (var pair in FvcProtocol.Pairs(templates))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = path.Compare(pair);
            (pair.Genuine ? genuine : impostor).Add(outcome.Score);
            if (outcome.Matched != pair.Genuine)
            {
                _ = pair.Genuine ? falseNonMatches++ : falseMatches++;
            }

            csv.Append(CultureInfo.InvariantCulture, $"{(pair.Genuine ? "genuine" : "impostor")},{pair.Reference.Name},{pair.Probe.Name},{outcome.Score},{(outcome.Matched ? 1 : 0)}\n");
            progress.Report(++done);
        }

        if (genuine.Count == 0 || impostor.Count == 0)
        {
            await error.WriteLineAsync("casd-card eval: the folder needs at least two fingers, one of them with two impressions.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var rates = ErrorRates.Compute(genuine, impostor);
        var threshold = matcher.GetThreshold(options.Level);
        var refused = templates.Count(t => !DirectComparisonPath.Acceptable(t));
        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"| matcher | {matcher.Name} ({path.Name}) |");
        summary.AppendLine("|---|---|");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| templates | {templates.Count} ({templates.Select(t => t.Finger).Distinct().Count()} fingers, {refused} refused by the card) |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| genuine / impostor comparisons | {rates.GenuineCount} / {rates.ImpostorCount} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| EER | {Percent(rates.EqualErrorRate)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| FMR100 | {Percent(rates.Fmr100)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| FMR1000 | {Percent(rates.Fmr1000)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| ZeroFMR | {Percent(rates.ZeroFmr)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| card decisions at 1:{LevelNumber(options.Level)} (score ≥ {threshold}) | FMR {Percent((double)falseMatches / impostor.Count)} %, FNMR {Percent((double)falseNonMatches / genuine.Count)} % |");
        await output.WriteAsync(summary.ToString()).ConfigureAwait(false);

        if (options.Out is not null)
        {
            Directory.CreateDirectory(options.Out);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "scores.csv"), csv.ToString(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(options.Out, "det.png"), DetPlot.Render(rates.Curve), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "summary.md"), summary.ToString(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote scores.csv, det.png and summary.md to {options.Out}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(
            $"EER={Percent(rates.EqualErrorRate)}% FMR100={Percent(rates.Fmr100)}% FMR1000={Percent(rates.Fmr1000)}% ZeroFMR={Percent(rates.ZeroFmr)}% genuine={rates.GenuineCount} impostor={rates.ImpostorCount}")
            .ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static int LevelNumber(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 1000,
        MatchSecurityLevel.FalseMatchRate1In100000 => 100000,
        _ => 10000,
    };

    private static EvalOptions ParseArguments(IReadOnlyList<string> args)
    {
        string? folder = null;
        string? outFolder = null;
        var throughApdu = false;
        var level = MatchSecurityLevel.FalseMatchRate1In10000;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out":
                    outFolder = i + 1 < args.Count ? args[++i] : throw new UsageException("--out needs a folder.");
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
                case var option when option.StartsWith('-'):
                    throw new UsageException($"unknown option '{option}'.");
                default:
                    folder = folder is null ? args[i] : throw new UsageException($"unexpected argument '{args[i]}'.");
                    break;
            }
        }

        return new EvalOptions(folder ?? throw new UsageException("the folder of records is missing."), outFolder, throughApdu, level);
    }

    private sealed record EvalOptions(string Folder, string? Out, bool ThroughApdu, MatchSecurityLevel Level);
}
