using System.Globalization;
using ScottPlot;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Draws DET curves with ScottPlot: FMR on X and FNMR on Y, both on log10 axes labelled in per cent,
/// each curve with its EER point and its FMR100 and FMR1000 operating points marked, and a title
/// naming the database and protocol. A rate of 0 cannot sit on a log axis: it is drawn on the axis
/// floor, the decade at or below the smallest non-zero rate the comparison counts can show (1/count).
/// </summary>
internal static class DetPlot
{
    /// <summary>The image width in pixels.</summary>
    public const int Width = 800;

    /// <summary>The image height in pixels.</summary>
    public const int Height = 640;

    private static readonly Color[] Palette = [Colors.Navy, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.Purple, Colors.Teal];

    /// <summary>Renders one or more curves as a PNG.</summary>
    /// <param name="title">The plot's title (database and protocol).</param>
    /// <param name="curves">The curves, each with its own colour.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] Render(string title, IReadOnlyList<DetCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentOutOfRangeException.ThrowIfZero(curves.Count);

        // The floors: the decade at or below the smallest step either rate can take (1/comparisons).
        var fmrFloor = Floor(curves.Max(c => c.Rates.ImpostorCount));
        var fnmrFloor = Floor(curves.Max(c => c.Rates.GenuineCount));
        var plot = new Plot();
        for (var k = 0; k < curves.Count; k++)
        {
            var curve = curves[k];
            var colour = Palette[k % Palette.Length];
            var xs = curve.Rates.Curve.Select(p => Log(p.FalseMatchRate, fmrFloor)).ToArray();
            var ys = curve.Rates.Curve.Select(p => Log(p.FalseNonMatchRate, fnmrFloor)).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, colour);
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{curve.Label}: EER {curve.Rates.EqualErrorRate * 100:0.00}%, FMR100 {curve.Rates.Fmr100 * 100:0.00}%, FMR1000 {curve.Rates.Fmr1000 * 100:0.00}%");
            Mark(plot, curve.Rates, curve.Rates.EqualErrorThreshold, fmrFloor, fnmrFloor, colour, MarkerShape.FilledCircle, k == 0 ? "EER" : null);
            Mark(plot, curve.Rates, curve.Rates.Fmr100Threshold, fmrFloor, fnmrFloor, colour, MarkerShape.FilledSquare, k == 0 ? "FMR100 operating point" : null);
            Mark(plot, curve.Rates, curve.Rates.Fmr1000Threshold, fmrFloor, fnmrFloor, colour, MarkerShape.FilledTriangleUp, k == 0 ? "FMR1000 operating point" : null);
        }

        // The equal-error diagonal.
        var low = Math.Min(Math.Log10(fmrFloor), Math.Log10(fnmrFloor));
        var diagonal = plot.Add.Line(low, low, 0, 0);
        diagonal.Color = Colors.Gray.WithAlpha(0.5);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "FMR = FNMR";

        plot.Axes.Bottom.TickGenerator = DecadeTicks(Math.Log10(fmrFloor));
        plot.Axes.Left.TickGenerator = DecadeTicks(Math.Log10(fnmrFloor));
        plot.Axes.SetLimits(Math.Log10(fmrFloor) - 0.05, 0.05, Math.Log10(fnmrFloor) - 0.05, 0.05);
        plot.Title(title);
        plot.XLabel("FMR, false match rate (log scale; 0 drawn on the floor)");
        plot.YLabel("FNMR, false non-match rate (log scale)");
        plot.Grid.MajorLineColor = Colors.Gray.WithAlpha(0.3);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static double Floor(int comparisons) => Math.Pow(10, Math.Floor(Math.Log10(1.0 / Math.Max(comparisons, 1))));

    private static double Log(double rate, double floor) => Math.Log10(Math.Max(rate, floor));

    private static void Mark(Plot plot, ErrorRates rates, int threshold, double fmrFloor, double fnmrFloor, Color colour, MarkerShape shape, string? legend)
    {
        var point = rates.Curve.FirstOrDefault(p => p.Threshold == threshold);
        var marker = plot.Add.Marker(Log(point.FalseMatchRate, fmrFloor), Log(point.FalseNonMatchRate, fnmrFloor), shape, 11, colour);
        if (legend is not null)
        {
            marker.LegendText = legend;
        }
    }

    /// <summary>Major ticks at every decade from the floor to 1, labelled in per cent; minor ticks at 2…9 of each decade.</summary>
    private static ScottPlot.TickGenerators.NumericManual DecadeTicks(double floorLog)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var decade = (int)Math.Round(floorLog); decade <= 0; decade++)
        {
            var percent = Math.Pow(10, decade) * 100;
            ticks.AddMajor(decade, percent.ToString(percent >= 1 ? "0" : "0.####", CultureInfo.InvariantCulture) + "%");
            for (var m = 2; m <= 9 && decade < 0; m++)
            {
                ticks.AddMinor(decade + Math.Log10(m));
            }
        }

        return ticks;
    }
}
