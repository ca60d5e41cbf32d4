namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Draws a DET curve (FMR on X, FNMR on Y, both logarithmic from 10^-4 to 1) as a small PNG: a grey
/// grid line at every decade, the equal-error diagonal in light grey, the curve in blue. No text is
/// drawn (no font); docs/accuracy.md states the axes.
/// </summary>
internal static class DetPlot
{
    public const int Size = 320;
    private const int Margin = 10;
    private const double LowestRate = 1e-4;
    private static readonly byte[] Grid = [200, 200, 200];
    private static readonly byte[] Diagonal = [230, 230, 230];
    private static readonly byte[] Curve = [20, 60, 200];

    /// <summary>Renders the curve.</summary>
    /// <param name="curve">The operating points, in any order of threshold.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] Render(IReadOnlyList<DetPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var pixels = new byte[Size * Size * 3];
        Array.Fill(pixels, (byte)255);
        for (var decade = 0; decade <= 4; decade++)
        {
            var v = Math.Pow(10, -decade);
            DrawLine(pixels, X(v), Margin, X(v), Size - 1 - Margin, Grid);
            DrawLine(pixels, Margin, Y(v), Size - 1 - Margin, Y(v), Grid);
        }

        DrawLine(pixels, X(LowestRate), Y(LowestRate), X(1), Y(1), Diagonal);
        for (var k = 1; k < curve.Count; k++)
        {
            var a = curve[k - 1];
            var b = curve[k];
            DrawLine(pixels, X(a.FalseMatchRate), Y(a.FalseNonMatchRate), X(b.FalseMatchRate), Y(b.FalseNonMatchRate), Curve);
        }

        return PngWriter.Encode(Size, Size, pixels);
    }

    private static int X(double rate) => Margin + (int)Math.Round(Position(rate) * (Size - 1 - (2 * Margin)));

    private static int Y(double rate) => Size - 1 - Margin - (int)Math.Round(Position(rate) * (Size - 1 - (2 * Margin)));

    /// <summary>0 at 10^-4 (or below), 1 at 1, logarithmic between.</summary>
    private static double Position(double rate) => (Math.Log10(Math.Max(rate, LowestRate)) - Math.Log10(LowestRate)) / -Math.Log10(LowestRate);

    private static void DrawLine(byte[] pixels, int x0, int y0, int x1, int y1, byte[] colour)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        while (true)
        {
            if (x0 is >= 0 and < Size && y0 is >= 0 and < Size)
            {
                colour.CopyTo(pixels, ((y0 * Size) + x0) * 3);
            }

            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }
}
