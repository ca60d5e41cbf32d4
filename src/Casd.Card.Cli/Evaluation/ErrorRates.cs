namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// The FVC error figures of a set of genuine and impostor scores, where a comparison matches when
/// its score is at least the threshold. Rates are fractions (0–1).
/// </summary>
internal sealed record ErrorRates(
    double EqualErrorRate,
    double Fmr100,
    double Fmr1000,
    double ZeroFmr,
    int GenuineCount,
    int ImpostorCount,
    IReadOnlyList<DetPoint> Curve)
{
    /// <summary>Computes the figures at every threshold the scores allow.</summary>
    /// <param name="genuine">Scores of comparisons of the same finger.</param>
    /// <param name="impostor">Scores of comparisons of different fingers.</param>
    /// <returns>
    /// EER: the mean of FMR and FNMR at the threshold where they are closest (FVC's interpolation is
    /// not used: with a few thousand comparisons the difference is below one comparison);
    /// FMR100/FMR1000/ZeroFMR: the lowest FNMR among thresholds whose FMR is at most 1%, 0.1%, 0.
    /// </returns>
    /// <exception cref="ArgumentException">Either set is empty.</exception>
    public static ErrorRates Compute(IReadOnlyCollection<int> genuine, IReadOnlyCollection<int> impostor)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            throw new ArgumentException("Error rates need at least one genuine and one impostor score.");
        }

        var g = genuine.Order().ToArray();
        var i = impostor.Order().ToArray();

        // Candidate thresholds: every distinct score, plus one above the highest (nothing matches).
        var thresholds = g.Concat(i).Distinct().Order().ToList();
        thresholds.Add(thresholds[^1] + 1);
        var curve = new List<DetPoint>(thresholds.Count);
        double eer = 1, closest = double.MaxValue, fmr100 = 1, fmr1000 = 1, zeroFmr = 1;
        foreach (var t in thresholds)
        {
            var fnmr = (double)CountBelow(g, t) / g.Length;
            var fmr = (double)(i.Length - CountBelow(i, t)) / i.Length;
            curve.Add(new DetPoint(t, fmr, fnmr));
            var gap = Math.Abs(fmr - fnmr);
            if (gap < closest)
            {
                closest = gap;
                eer = (fmr + fnmr) / 2;
            }

            if (fmr <= 0.01)
            {
                fmr100 = Math.Min(fmr100, fnmr);
            }

            if (fmr <= 0.001)
            {
                fmr1000 = Math.Min(fmr1000, fnmr);
            }

            if (fmr == 0)
            {
                zeroFmr = Math.Min(zeroFmr, fnmr);
            }
        }

        return new ErrorRates(eer, fmr100, fmr1000, zeroFmr, g.Length, i.Length, curve);
    }

    /// <summary>The number of sorted scores strictly below a threshold.</summary>
    private static int CountBelow(int[] sorted, int threshold)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
