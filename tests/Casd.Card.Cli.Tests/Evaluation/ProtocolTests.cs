using System.Buffers.Binary;
using Casd.Card.Biometrics;
using Casd.Card.Cli.Evaluation;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Cli.Tests.Evaluation;

public sealed class ProtocolTests
{
    [Fact]
    public void All_pairs_and_fvc_protocols_list_the_documented_comparisons()
    {
        var templates = Synthetic(fingers: 10, impressions: 8, seed: 3);
        var all = FvcProtocol.Pairs(templates, EvaluationProtocol.AllPairs);
        Assert.Equal(280, all.Count(p => p.Genuine));
        Assert.Equal(2880, all.Count(p => !p.Genuine));

        var fvc = FvcProtocol.Pairs(templates, EvaluationProtocol.Fvc);
        Assert.Equal(280, fvc.Count(p => p.Genuine));
        Assert.Equal(45, fvc.Count(p => !p.Genuine));
        Assert.All(fvc.Where(p => !p.Genuine), p => Assert.True(p.Reference.Impression == 1 && p.Probe.Impression == 1));
    }

    [Fact]
    public void The_parallel_run_gives_the_same_outcomes_in_the_same_order_as_one_thread()
    {
        var templates = Synthetic(fingers: 8, impressions: 3, seed: 4);
        var pairs = FvcProtocol.Pairs(templates);
        var parallel = ComparisonRun.Run(new DirectComparisonPath(ElasticMatcher.Instance, MatchSecurityLevel.FalseMatchRate1In10000), pairs, null, TestContext.Current.CancellationToken);
        var matcher = ElasticMatcher.Instance;
        var expected = pairs.Select(p => matcher.Compare(p.Reference.Compact, p.Probe.Compact)).ToArray();
        Assert.Equal(expected, parallel.Select(o => o.Score));
        Assert.Contains(parallel, o => o.Matched);
    }

    [Fact]
    public void Fvc_equal_error_rate_is_the_mean_of_eer_low_and_eer_high()
    {
        // Genuine 10 20 30 40 50; impostor 15 25 35 and 7 zeros (10 in all).
        // At t = 20: FNMR 1/5 = 0.2 and FMR 2/10 = 0.2, so t1 = t2 = 20 and EERlow = EERhigh = 0.2.
        var rates = ErrorRates.Compute([10, 20, 30, 40, 50], [15, 25, 35, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(0.2, rates.EqualErrorRate, 6);

        // Genuine 10 30; impostor 20 and 3 zeros: t1 = 1..10 (FNMR 0, FMR 0.25), t2 = 11..20 (FNMR 0.5, FMR 0.25).
        // FNMR(t1) + FMR(t1) = 0.25 ≤ 0.75, so [EERlow, EERhigh] = [0, 0.25] and EER = 0.125.
        var uneven = ErrorRates.Compute([10, 30], [20, 0, 0, 0]);
        Assert.Equal(0.125, uneven.EqualErrorRate, 6);
        Assert.Equal(10, uneven.EqualErrorThreshold);
    }

    [Fact]
    public void The_det_plot_is_a_png_of_the_documented_size()
    {
        var rates = ErrorRates.Compute([10, 20, 30, 40], [0, 5, 15, 25]);
        var png = DetPlot.Render("test, all-pairs protocol", [new DetCurve("a", rates), new DetCurve("b", rates)]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(DetPlot.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(DetPlot.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DetPlot.Render("empty", []));
    }

    [Fact]
    public void Thresholds_follow_the_point_estimate_when_the_pool_is_large_enough_and_zero_false_matches_otherwise()
    {
        // 3,000 real scores resolve 1:1,000: at most 3 may reach the threshold.
        int[] real = [.. Enumerable.Repeat(10, 2990), 50, 60, 70, 80, 90, 100, 110, 120, 130, 140];
        int[] synthetic = [.. Enumerable.Repeat(5, 100)];
        Assert.Equal(111, ThresholdStudy.Choose(real, synthetic, 1000));

        // They do not resolve 1:10,000: no score of either pool may reach the threshold.
        Assert.Equal(141, ThresholdStudy.Choose(real, synthetic, 10_000));
        Assert.Equal(201, ThresholdStudy.Choose(real, [.. synthetic, 200], 10_000));
    }

    [Fact]
    public void Leave_one_database_out_ignores_the_held_out_database()
    {
        static DatabaseFigures Figures(string name, double eer) =>
            new(name, new ErrorRates(eer, eer, eer, eer, 1, 1, []));

        // Candidate 0 is best on A and B, candidate 1 only thanks to C.
        DatabaseFigures[][] measured =
        [
            [Figures("A", 0.01), Figures("B", 0.01), Figures("C", 0.50)],
            [Figures("A", 0.02), Figures("B", 0.02), Figures("C", 0.01)],
        ];
        Assert.Equal(1, ToleranceStudy.Choose(measured, -1));
        Assert.Equal(0, ToleranceStudy.Choose(measured, 2));
        Assert.Equal(1, ToleranceStudy.Choose(measured, 0));
    }

    private static List<FvcTemplate> Synthetic(int fingers, int impressions, int seed)
    {
        var generator = new SyntheticFingerGenerator(seed);
        var templates = new List<FvcTemplate>();
        foreach (var finger in generator.CreateFingers(fingers))
        {
            for (var impression = 1; impression <= impressions; impression++)
            {
                templates.Add(new FvcTemplate(finger.Id, impression, $"{finger.Id}_{impression}", generator.CreateImpression(finger)));
            }
        }

        return templates;
    }
}
