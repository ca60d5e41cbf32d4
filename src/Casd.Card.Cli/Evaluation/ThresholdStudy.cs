using System.Globalization;
using System.Text;
using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Measures the decision threshold of each security level on the largest impostor population we
/// have: every pair of different fingers across all the databases in one pool (same-database and
/// cross-database pairs), plus every pair of synthetic fingers. Rule: at 1:L, the lowest threshold
/// whose observed false-match rate is at most 1/L in the real pool and in the synthetic pool, provided
/// a pool holds at least 3·L comparisons (otherwise a rate of 1/L cannot be told from zero); where no
/// real pool is that large, the lowest threshold that no impostor of either pool reaches, backed by
/// the rule of three (zero in N comparisons bounds the rate by 3/N at 95% confidence).
/// </summary>
internal static class ThresholdStudy
{
    /// <summary>The synthetic fingers, one capture each: C(800, 2) = 319,600 impostor comparisons.</summary>
    public const int SyntheticFingers = 800;

    private static readonly (MatchSecurityLevel Level, int Rate)[] Levels =
    [
        (MatchSecurityLevel.FalseMatchRate1In1000, 1_000),
        (MatchSecurityLevel.FalseMatchRate1In10000, 10_000),
        (MatchSecurityLevel.FalseMatchRate1In100000, 100_000),
    ];

    /// <summary>Scores the populations and writes the thresholds, their statistical backing, and the held-out card decisions per database.</summary>
    /// <param name="databases">The databases (their finger numbers may repeat across databases).</param>
    /// <param name="matcher">The matcher whose scores are measured.</param>
    /// <param name="cancellationToken">Stops the study.</param>
    /// <returns>Markdown.</returns>
    public static string Run(IReadOnlyList<(string Name, IReadOnlyList<FvcTemplate> Templates)> databases, IOnCardMatcher matcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(matcher);

        // One pool: a finger is its database and its number; the comparisons keep their database pair.
        var pool = new List<(int Database, FvcTemplate Template)>();
        for (var d = 0; d < databases.Count; d++)
        {
            pool.AddRange(databases[d].Templates.Select(t => (d, t)));
        }

        var pairs = new List<ComparisonPair>();
        var databasesOf = new List<(int A, int B)>();
        for (var a = 0; a < pool.Count; a++)
        {
            for (var b = a + 1; b < pool.Count; b++)
            {
                var genuine = pool[a].Database == pool[b].Database && pool[a].Template.Finger == pool[b].Template.Finger;
                pairs.Add(new ComparisonPair(pool[a].Template, pool[b].Template, genuine));
                databasesOf.Add((pool[a].Database, pool[b].Database));
            }
        }

        var path = new DirectComparisonPath(matcher, MatchSecurityLevel.FalseMatchRate1In10000);
        var real = ComparisonRun.Run(path, pairs, null, cancellationToken);
        var synthetic = SyntheticImpostorScores(matcher, cancellationToken);

        var report = new StringBuilder();
        var realImpostors = Enumerable.Range(0, pairs.Count).Where(k => !pairs[k].Genuine).Select(k => real[k].Score).ToArray();
        var genuineScores = Enumerable.Range(0, pairs.Count).Where(k => pairs[k].Genuine).Select(k => real[k].Score).ToArray();
        report.AppendLine(CultureInfo.InvariantCulture, $"Impostor population: {realImpostors.Length:N0} real (every pair of different fingers of the {databases.Count} databases pooled) and {synthetic.Length:N0} synthetic ({SyntheticFingers} fingers, one capture each); {genuineScores.Length:N0} real genuine comparisons.");
        report.AppendLine();
        report.AppendLine("| level | threshold | real impostors at or above | synthetic impostors at or above | FMR claim backed by | FNMR (real genuine) |");
        report.AppendLine("|---|---:|---:|---:|---|---:|");
        foreach (var (level, rate) in Levels)
        {
            var threshold = Choose(realImpostors, synthetic, rate);
            var realAbove = realImpostors.Count(s => s >= threshold);
            var syntheticAbove = synthetic.Count(s => s >= threshold);
            var backing = realImpostors.Length >= 3 * rate
                ? $"{realAbove} in {realImpostors.Length:N0} real (point estimate {Rate(realAbove, realImpostors.Length)})"
                : $"0 in {realImpostors.Length + synthetic.Length:N0} (rule of three: ≤ {Rate(3, realImpostors.Length + synthetic.Length)} at 95%)";
            report.AppendLine(CultureInfo.InvariantCulture, $"| 1:{rate:N0} ({level}) | {threshold} | {realAbove} | {syntheticAbove} | {backing} | {Percent(genuineScores.Count(s => s < threshold), genuineScores.Length)} |");
        }

        report.AppendLine();
        report.AppendLine("Held out: thresholds measured without any comparison that involves the database, then the card's decisions on that database's own comparisons (all pairs).");
        report.AppendLine();
        report.AppendLine("| held out | 1:1,000 threshold: FMR / FNMR | 1:10,000 threshold: FMR / FNMR | 1:100,000 threshold: FMR / FNMR |");
        report.AppendLine("|---|---|---|---|");
        for (var d = 0; d < databases.Count; d++)
        {
            var training = Enumerable.Range(0, pairs.Count).Where(k => !pairs[k].Genuine && databasesOf[k].A != d && databasesOf[k].B != d).Select(k => real[k].Score).ToArray();
            var own = Enumerable.Range(0, pairs.Count).Where(k => databasesOf[k].A == d && databasesOf[k].B == d).ToArray();
            var cells = Levels.Select(l =>
            {
                var threshold = Choose(training, synthetic, l.Rate);
                var impostors = own.Where(k => !pairs[k].Genuine).ToArray();
                var genuine = own.Where(k => pairs[k].Genuine).ToArray();
                return $"≥ {threshold}: {Percent(impostors.Count(k => real[k].Score >= threshold), impostors.Length)} / {Percent(genuine.Count(k => real[k].Score < threshold), genuine.Length)}";
            });
            report.AppendLine(CultureInfo.InvariantCulture, $"| {databases[d].Name} | {string.Join(" | ", cells)} |");
        }

        return report.ToString();
    }

    /// <summary>The threshold rule of the class comment.</summary>
    /// <param name="real">Real impostor scores.</param>
    /// <param name="synthetic">Synthetic impostor scores.</param>
    /// <param name="rate">L of 1:L.</param>
    /// <returns>The threshold.</returns>
    public static int Choose(IReadOnlyCollection<int> real, IReadOnlyCollection<int> synthetic, int rate)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        var realResolves = real.Count >= 3L * rate;
        var realSorted = real.Order().ToArray();
        var syntheticSorted = synthetic.Order().ToArray();
        var highest = Math.Max(realSorted.Length == 0 ? 0 : realSorted[^1], syntheticSorted.Length == 0 ? 0 : syntheticSorted[^1]);
        for (var t = 1; t <= highest; t++)
        {
            var realAbove = AtOrAbove(realSorted, t);
            var syntheticAbove = AtOrAbove(syntheticSorted, t);
            var ok = realResolves
                ? (long)realAbove * rate <= real.Count && (long)syntheticAbove * rate <= synthetic.Count
                : realAbove == 0 && syntheticAbove == 0;
            if (ok)
            {
                return t;
            }
        }

        return highest + 1;
    }

    /// <summary>The number of sorted scores at or above a threshold.</summary>
    private static int AtOrAbove(int[] sorted, int threshold) => sorted.Length - ErrorRates.CountBelow(sorted, threshold);

    private static int[] SyntheticImpostorScores(IOnCardMatcher matcher, CancellationToken cancellationToken)
    {
        var generator = new SyntheticFingerGenerator(2002);
        var captures = generator.CreateFingers(SyntheticFingers).Select(f => generator.CreateImpression(f)).ToArray();
        var templates = captures.Select((c, i) => new FvcTemplate(i, 1, $"synthetic-{i}", c)).ToArray();
        var pairs = new List<ComparisonPair>();
        for (var a = 0; a < templates.Length; a++)
        {
            for (var b = a + 1; b < templates.Length; b++)
            {
                pairs.Add(new ComparisonPair(templates[a], templates[b], false));
            }
        }

        var outcomes = ComparisonRun.Run(new DirectComparisonPath(matcher, MatchSecurityLevel.FalseMatchRate1In10000), pairs, null, cancellationToken);
        return [.. outcomes.Select(o => o.Score)];
    }

    private static string Rate(int count, int total) => (count / (double)total).ToString("0.0e0", CultureInfo.InvariantCulture);

    private static string Percent(int count, int total) => (100.0 * count / Math.Max(total, 1)).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
