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
    /// <summary>Gets the threshold of the equal error rate (the FVC t1 or t2 it was taken at).</summary>
    public int EqualErrorThreshold { get; init; }

    /// <summary>Gets the lowest threshold whose FMR is at most 1%.</summary>
    public int Fmr100Threshold { get; init; }

    /// <summary>Gets the lowest threshold whose FMR is at most 0.1%.</summary>
    public int Fmr1000Threshold { get; init; }

    /// <summary>Computes the figures at every threshold the scores allow.</summary>
    /// <param name="genuine">Scores of comparisons of the same finger.</param>
    /// <param name="impostor">Scores of comparisons of different fingers.</param>
    /// <returns>
    /// EER as FVC defines it (Maio et al., FVC2000, IEEE PAMI 24(3) 2002): t1 is the highest threshold
    /// with FNMR ≤ FMR, t2 the lowest with FNMR ≥ FMR; [EERlow, EERhigh] is [FNMR(t1), FMR(t1)] when
    /// FNMR(t1) + FMR(t1) ≤ FMR(t2) + FNMR(t2), else [FMR(t2), FNMR(t2)]; EER is their mean.
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

        // The rates only change at a score, so every distinct score plus one above the highest (nothing matches) is every threshold there is.
        var thresholds = g.Concat(i).Distinct().Order().ToList();
        thresholds.Add(thresholds[^1] + 1);
        var curve = new List<DetPoint>(thresholds.Count);
        double fmr100 = 1, fmr1000 = 1, zeroFmr = 1;
        int fmr100At = thresholds[^1], fmr1000At = thresholds[^1];
        DetPoint? t1 = null, t2 = null;
        foreach (var t in thresholds)
        {
            var fnmr = (double)CountBelow(g, t) / g.Length;
            var fmr = (double)(i.Length - CountBelow(i, t)) / i.Length;
            var point = new DetPoint(t, fmr, fnmr);
            curve.Add(point);

            // FMR falls and FNMR rises with the threshold: t1 is the last point with FNMR ≤ FMR, t2 the first with FNMR ≥ FMR.
            if (fnmr <= fmr)
            {
                t1 = point;
            }

            if (t2 is null && fnmr >= fmr)
            {
                t2 = point;
            }

            if (fmr <= 0.01 && fnmr < fmr100)
            {
                fmr100 = fnmr;
                fmr100At = t;
            }

            if (fmr <= 0.001 && fnmr < fmr1000)
            {
                fmr1000 = fnmr;
                fmr1000At = t;
            }

            if (fmr == 0)
            {
                zeroFmr = Math.Min(zeroFmr, fnmr);
            }
        }

        // The lowest threshold has FNMR 0 (≤ FMR) and the highest FMR 0 (≤ FNMR), so both exist.
        var low = t1!.Value;
        var high = t2!.Value;
        var useLow = low.FalseNonMatchRate + low.FalseMatchRate <= high.FalseMatchRate + high.FalseNonMatchRate;
        var eer = useLow ? (low.FalseNonMatchRate + low.FalseMatchRate) / 2 : (high.FalseMatchRate + high.FalseNonMatchRate) / 2;
        return new ErrorRates(eer, fmr100, fmr1000, zeroFmr, g.Length, i.Length, curve)
        {
            EqualErrorThreshold = useLow ? low.Threshold : high.Threshold,
            Fmr100Threshold = fmr100At,
            Fmr1000Threshold = fmr1000At,
        };
    }

    /// <summary>The number of sorted scores strictly below a threshold (a lower-bound binary search).</summary>
    /// <param name="sorted">Scores in ascending order.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The count.</returns>
    internal static int CountBelow(int[] sorted, int threshold)
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
