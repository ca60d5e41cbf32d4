using Casd.Card.Cli.Evaluation;

namespace Casd.Card.Cli.Tests.Evaluation;

public sealed class ErrorRatesTests
{
    [Fact]
    public void Perfect_separation_has_no_errors()
    {
        var rates = ErrorRates.Compute([50, 60, 70], [1, 2, 3, 10]);
        Assert.Equal(0, rates.EqualErrorRate);
        Assert.Equal(0, rates.Fmr100);
        Assert.Equal(0, rates.Fmr1000);
        Assert.Equal(0, rates.ZeroFmr);
        Assert.Equal(3, rates.GenuineCount);
        Assert.Equal(4, rates.ImpostorCount);
    }

    [Fact]
    public void Overlapping_scores_give_the_hand_computed_figures()
    {
        // Genuine 10 20 30 40; impostor 5 15 25 35 and 96 zeros (100 in all).
        int[] impostor = [5, 15, 25, 35, .. Enumerable.Repeat(0, 96)];
        var rates = ErrorRates.Compute([10, 20, 30, 40], impostor);

        // FMR ≤ 1% allows one impostor through: thresholds 26–35 (only 35 passes); FNMR there is at best 2/4 (t = 26..30).
        Assert.Equal(0.5, rates.Fmr100, 6);

        // FMR ≤ 0.1% and FMR = 0 both need threshold 36 or more: only 40 passes, FNMR 3/4.
        Assert.Equal(0.75, rates.Fmr1000, 6);
        Assert.Equal(0.75, rates.ZeroFmr, 6);

        // The rates are closest at thresholds 6–10: FMR 3/100, FNMR 0, so EER = 0.015.
        Assert.Equal(0.015, rates.EqualErrorRate, 6);
    }

    [Fact]
    public void The_curve_runs_from_everything_matching_to_nothing_matching()
    {
        var rates = ErrorRates.Compute([3, 4], [1, 2, 3]);
        Assert.Equal(new DetPoint(1, 1, 0), rates.Curve[0]);
        Assert.Equal(new DetPoint(5, 0, 1), rates.Curve[^1]);
        Assert.All(rates.Curve.Zip(rates.Curve.Skip(1)), p => Assert.True(p.First.FalseMatchRate >= p.Second.FalseMatchRate && p.First.FalseNonMatchRate <= p.Second.FalseNonMatchRate));
    }

    [Fact]
    public void Empty_score_sets_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ErrorRates.Compute([], [1]));
        Assert.Throws<ArgumentException>(() => ErrorRates.Compute([1], []));
    }
}
