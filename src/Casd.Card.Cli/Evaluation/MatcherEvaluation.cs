using System.Globalization;
using System.Text;
using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// The evaluation behind <c>casd-card eval</c>: loads a folder of FVC-named records, runs the
/// protocol's comparisons through the whole match-on-card path (record → compact card → the card's
/// matcher), and reports the error rates, the card's decisions, the DET curve and the scores.
/// </summary>
internal static class MatcherEvaluation
{
    /// <summary>Runs an evaluation and writes its report.</summary>
    /// <param name="options">What to evaluate.</param>
    /// <param name="matcher">The card's matcher.</param>
    /// <param name="output">Receives the summary and, last, the one-line figures.</param>
    /// <param name="error">Receives progress and errors.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The error rates, or <see langword="null"/> when the folder cannot be evaluated (the reason is written to <paramref name="error"/>).</returns>
    public static async Task<ErrorRates?> RunAsync(EvaluationOptions options, IOnCardMatcher matcher, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        IReadOnlyList<FvcTemplate> templates;
        try
        {
            templates = await FvcTemplateSet.LoadAsync(options.Folder, BiometricMatchingParameters.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"casd-card eval: {ex.Message}").ConfigureAwait(false);
            return null;
        }

        IComparisonPath path = options.ThroughApdu ? new ApduComparisonPath(matcher, options.Level) : new DirectComparisonPath(matcher, options.Level);
        var pairs = FvcProtocol.Pairs(templates, options.Protocol);
        var progress = new ProgressBar(error, pairs.Count, "comparing");
        var outcomes = ComparisonRun.Run(path, pairs, progress.Report, cancellationToken);
        var genuine = new List<int>();
        var impostor = new List<int>();
        int falseMatches = 0, falseNonMatches = 0;
        var csv = new StringBuilder("kind,reference,probe,score,matched\n");
        for (var k = 0; k < pairs.Count; k++)
        {
            var (pair, outcome) = (pairs[k], outcomes[k]);
            (pair.Genuine ? genuine : impostor).Add(outcome.Score);
            if (outcome.Matched != pair.Genuine)
            {
                _ = pair.Genuine ? falseNonMatches++ : falseMatches++;
            }

            csv.Append(CultureInfo.InvariantCulture, $"{(pair.Genuine ? "genuine" : "impostor")},{pair.Reference.Name},{pair.Probe.Name},{outcome.Score},{(outcome.Matched ? 1 : 0)}\n");
        }

        if (genuine.Count == 0 || impostor.Count == 0)
        {
            await error.WriteLineAsync("casd-card eval: the folder needs at least two fingers, one of them with two impressions.").ConfigureAwait(false);
            return null;
        }

        var rates = ErrorRates.Compute(genuine, impostor);
        var protocolName = ProtocolName(options.Protocol);
        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"| matcher | {matcher.Name} ({path.Name}) |");
        summary.AppendLine("|---|---|");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| protocol | {protocolName} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| templates | {templates.Count} ({templates.Select(t => t.Finger).Distinct().Count()} fingers, {templates.Count(t => !DirectComparisonPath.Acceptable(t))} refused by the card) |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| genuine / impostor comparisons | {rates.GenuineCount} / {rates.ImpostorCount} |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| EER | {Percent(rates.EqualErrorRate)} % (FVC: mean of EERlow and EERhigh) |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| FMR100 | {Percent(rates.Fmr100)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| FMR1000 | {Percent(rates.Fmr1000)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| ZeroFMR | {Percent(rates.ZeroFmr)} % |");
        summary.AppendLine(CultureInfo.InvariantCulture, $"| card decisions at 1:{LevelNumber(options.Level)} (score ≥ {matcher.GetThreshold(options.Level)}) | FMR {Percent((double)falseMatches / impostor.Count)} %, FNMR {Percent((double)falseNonMatches / genuine.Count)} % |");
        await output.WriteAsync(summary.ToString()).ConfigureAwait(false);

        if (options.Out is not null)
        {
            Directory.CreateDirectory(options.Out);
            var title = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Folder)))}, {protocolName} protocol";
            await File.WriteAllTextAsync(Path.Combine(options.Out, "scores.csv"), csv.ToString(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(options.Out, "det.png"), DetPlot.Render(title, [new DetCurve(matcher.Name, rates)]), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "summary.md"), summary.ToString(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote scores.csv, det.png and summary.md to {options.Out}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(LastLine(rates)).ConfigureAwait(false);
        return rates;
    }

    /// <summary>Runs the leave-one-database-out tolerance study on a folder holding one folder of records per database.</summary>
    /// <param name="folder">The folder of databases (e.g. ../shared/testdata/fvc2002).</param>
    /// <param name="outFolder">Where to write the DET curves (one PNG per database, one with all), or <see langword="null"/>.</param>
    /// <param name="output">Receives the report.</param>
    /// <param name="error">Receives progress and errors.</param>
    /// <param name="cancellationToken">Stops the study.</param>
    /// <returns>Whether the study ran.</returns>
    public static async Task<bool> StudyAsync(string folder, string? outFolder, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var databases = new List<(string Name, IReadOnlyList<FvcTemplate> Templates)>();
        try
        {
            foreach (var database in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                databases.Add((Path.GetFileName(database), await FvcTemplateSet.LoadAsync(database, BiometricMatchingParameters.Default, cancellationToken).ConfigureAwait(false)));
            }
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"casd-card eval: {ex.Message}").ConfigureAwait(false);
            return false;
        }

        if (databases.Count < 2)
        {
            await error.WriteLineAsync("casd-card eval: --lodo needs a folder with at least two database folders.").ConfigureAwait(false);
            return false;
        }

        var candidates = ToleranceStudy.Candidates();
        var progress = new ProgressBar(error, candidates.Count, "candidates");
        var measured = ToleranceStudy.Measure(databases, candidates, progress.Report, cancellationToken);
        await output.WriteAsync(ToleranceStudy.Report(candidates, measured)).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        var allIn = ToleranceStudy.Choose(measured, -1);
        var chosen = candidates[allIn];
        if (outFolder is not null)
        {
            Directory.CreateDirectory(outFolder);
            var collection = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            var heldOut = new List<DetCurve>();
            for (var d = 0; d < databases.Count; d++)
            {
                var name = databases[d].Name;
                var held = new DetCurve($"{name} held out", measured[ToleranceStudy.Choose(measured, d)][d].Rates);
                heldOut.Add(held);
                var png = DetPlot.Render($"{collection} {name}, all-pairs protocol: held-out and all-in tolerances", [held, new DetCurve($"{name} all-in", measured[allIn][d].Rates)]);
                await File.WriteAllBytesAsync(Path.Combine(outFolder, $"{collection}-{name.ToLowerInvariant().Replace("_", string.Empty, StringComparison.Ordinal)}-det.png"), png, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllBytesAsync(Path.Combine(outFolder, $"{collection}-all-det.png"), DetPlot.Render($"{collection}, all-pairs protocol, tolerances chosen without the database plotted", heldOut), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote the DET curves to {outFolder}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(chosen == ElasticMatcher.Instance.Tolerances ? "The card's tolerances are the all-in choice." : "The card's tolerances differ from the all-in choice: the thresholds below are for the all-in choice.").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(ThresholdStudy.Run(databases, new ElasticMatcher(chosen), cancellationToken)).ConfigureAwait(false);
        return true;
    }

    /// <summary>The report's last line, in the form scripts parse.</summary>
    /// <param name="rates">The error rates.</param>
    /// <returns><c>EER=x% FMR100=x% FMR1000=x% ZeroFMR=x% genuine=n impostor=n</c>.</returns>
    public static string LastLine(ErrorRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return $"EER={Percent(rates.EqualErrorRate)}% FMR100={Percent(rates.Fmr100)}% FMR1000={Percent(rates.Fmr1000)}% ZeroFMR={Percent(rates.ZeroFmr)}% genuine={rates.GenuineCount} impostor={rates.ImpostorCount}";
    }

    /// <summary>The protocol's name as the command line spells it.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns><c>all-pairs</c> or <c>fvc</c>.</returns>
    public static string ProtocolName(EvaluationProtocol protocol) => protocol == EvaluationProtocol.Fvc ? "fvc" : "all-pairs";

    private static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static int LevelNumber(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 1000,
        MatchSecurityLevel.FalseMatchRate1In100000 => 100000,
        _ => 10000,
    };
}
