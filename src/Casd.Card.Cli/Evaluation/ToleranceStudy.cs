using System.Globalization;
using System.Text;
using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Chooses the matcher's tolerances by leave-one-database-out: for each database, the candidate set of
/// tolerances with the best figures on the other databases is chosen and reported on the one left out,
/// so that no reported figure comes from tolerances tuned on its own files. The criterion is the mean,
/// over the training databases, of (EER + FMR100) / 2: EER is the field's headline, FMR100 is nearer
/// the card's operating points, and both rest on enough comparisons (FMR1000 rests on 2 or 3 impostors).
/// </summary>
internal static class ToleranceStudy
{
    /// <summary>
    /// The candidates: every combination of a few values per tolerance, each value a physical choice
    /// (docs/matcher.md): edge strain 0–10% (skin stretch between captures), pairing box 0.5–0.7 mm at
    /// the centre growing by 6–18% of the distance from it (a first study with 0, 6 and 12% chose 12%
    /// everywhere, so the range moved up), edge angles 14–18°, pair angles 17–24°, overlap floor off or
    /// 12–16 minutiae (12 is the card's own minimum for a template).
    /// </summary>
    /// <returns>The candidate tolerances.</returns>
    public static IReadOnlyList<MatchTolerances> Candidates()
    {
        var candidates = new List<MatchTolerances>();
        foreach (var edgeStrain in (int[])[0, 50, 100])
        {
            foreach (var edgeAngle in (int[])[14, 18])
            {
                foreach (var pairDistance in (int[])[5, 7])
                {
                    foreach (var pairStrain in (int[])[60, 120, 180])
                    {
                        foreach (var pairAngle in (int[])[17, 20, 24])
                        {
                            foreach (var overlap in (int[])[0, 12, 16])
                            {
                                candidates.Add(new MatchTolerances
                                {
                                    EdgeStrainPerMille = edgeStrain,
                                    EdgeAngleDegrees = edgeAngle,
                                    PairDistance = pairDistance,
                                    PairStrainPerMille = pairStrain,
                                    PairAngleDegrees = pairAngle,
                                    MinimumOverlapMinutiae = overlap,
                                });
                            }
                        }
                    }
                }
            }
        }

        return candidates;
    }

    /// <summary>Measures every candidate on every database (all-pairs protocol, the card's gates and prepared references).</summary>
    /// <param name="databases">The databases by name.</param>
    /// <param name="candidates">The tolerances to measure.</param>
    /// <param name="progress">Told after each candidate; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the study.</param>
    /// <returns>For each candidate, its figures on each database in the given order.</returns>
    public static IReadOnlyList<DatabaseFigures[]> Measure(IReadOnlyList<(string Name, IReadOnlyList<FvcTemplate> Templates)> databases, IReadOnlyList<MatchTolerances> candidates, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(candidates);
        var pairs = databases.Select(d => FvcProtocol.Pairs(d.Templates)).ToArray();
        var results = new List<DatabaseFigures[]>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var matcher = new ElasticMatcher(candidate);
            var figures = new DatabaseFigures[databases.Count];
            for (var d = 0; d < databases.Count; d++)
            {
                var path = new DirectComparisonPath(matcher, MatchSecurityLevel.FalseMatchRate1In10000);
                var outcomes = ComparisonRun.Run(path, pairs[d], null, cancellationToken);
                var genuine = new List<int>();
                var impostor = new List<int>();
                for (var k = 0; k < outcomes.Length; k++)
                {
                    (pairs[d][k].Genuine ? genuine : impostor).Add(outcomes[k].Score);
                }

                figures[d] = new DatabaseFigures(databases[d].Name, ErrorRates.Compute(genuine, impostor));
            }

            results.Add(figures);
            progress?.Invoke(results.Count);
        }

        return results;
    }

    /// <summary>The selection criterion over some databases: the mean of (EER + FMR100) / 2; lower is better.</summary>
    /// <param name="figures">A candidate's figures on every database.</param>
    /// <param name="leftOut">The database not to use, or −1 for none.</param>
    /// <returns>The criterion.</returns>
    public static double Criterion(DatabaseFigures[] figures, int leftOut)
    {
        ArgumentNullException.ThrowIfNull(figures);
        double sum = 0;
        var count = 0;
        for (var d = 0; d < figures.Length; d++)
        {
            if (d != leftOut)
            {
                sum += (figures[d].Rates.EqualErrorRate + figures[d].Rates.Fmr100) / 2;
                count++;
            }
        }

        return sum / count;
    }

    /// <summary>The index of the best candidate without one database (ties: the earlier candidate, so the result is deterministic).</summary>
    /// <param name="measured">Every candidate's figures.</param>
    /// <param name="leftOut">The database left out, or −1 for none.</param>
    /// <returns>The candidate's index.</returns>
    public static int Choose(IReadOnlyList<DatabaseFigures[]> measured, int leftOut)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var best = 0;
        for (var c = 1; c < measured.Count; c++)
        {
            if (Criterion(measured[c], leftOut) < Criterion(measured[best], leftOut))
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Writes the leave-one-database-out report: the held-out figures per database and the tolerances chosen without it, then the all-in choice.</summary>
    /// <param name="candidates">The candidates measured.</param>
    /// <param name="measured">Their figures.</param>
    /// <returns>Markdown.</returns>
    public static string Report(IReadOnlyList<MatchTolerances> candidates, IReadOnlyList<DatabaseFigures[]> measured)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(measured);
        var report = new StringBuilder();
        var databases = measured[0].Length;
        report.AppendLine(CultureInfo.InvariantCulture, $"{candidates.Count} candidate tolerance sets; criterion: mean (EER + FMR100) / 2 over the training databases.");
        report.AppendLine();
        report.AppendLine("| held out | EER | FMR100 | FMR1000 | ZeroFMR | tolerances chosen on the other three |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        for (var d = 0; d < databases; d++)
        {
            var chosen = Choose(measured, d);
            var rates = measured[chosen][d].Rates;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {measured[chosen][d].Database} | {Percent(rates.EqualErrorRate)} | {Percent(rates.Fmr100)} | {Percent(rates.Fmr1000)} | {Percent(rates.ZeroFmr)} | {Describe(candidates[chosen])} |");
        }

        var all = Choose(measured, -1);
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"All-in choice (tuned on all four, the card's constants): {Describe(candidates[all])}");
        report.AppendLine();
        report.AppendLine("| database | EER | FMR100 | FMR1000 | ZeroFMR |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var figures in measured[all])
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {figures.Database} | {Percent(figures.Rates.EqualErrorRate)} | {Percent(figures.Rates.Fmr100)} | {Percent(figures.Rates.Fmr1000)} | {Percent(figures.Rates.ZeroFmr)} |");
        }

        return report.ToString();
    }

    /// <summary>The tolerances that vary between candidates, in their units.</summary>
    /// <param name="t">The tolerances.</param>
    /// <returns>A one-line description.</returns>
    public static string Describe(MatchTolerances t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return string.Create(CultureInfo.InvariantCulture, $"edge ±{t.EdgeLength / 10.0:0.0} mm +{t.EdgeStrainPerMille / 10.0:0.#}%, edge angles ±{t.EdgeAngleDegrees}°, pair box {t.PairDistance / 10.0:0.0} mm +{t.PairStrainPerMille / 10.0:0.#}% of the radius, pair angle ±{t.PairAngleDegrees}°, overlap floor {t.MinimumOverlapMinutiae}");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
