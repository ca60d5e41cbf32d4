using Casd.Card.Biometrics;

namespace Casd.Card.Tests.Application;

/// <summary>
/// Synthetic ISO/IEC 19794-2:2005 finger records for workflow tests: a seed is a finger, the same
/// seed gives the same record. Minutiae are spread over a 500 dpi image, at distinct positions.
/// </summary>
internal static class SyntheticFingers
{
    /// <summary>Another capture of the finger <see cref="Record"/> draws: each minutia moved by up to 2 px and a few degrees, two dropped.</summary>
    public static byte[] Impression(int seed, int impression, int minutiae = 40, FingerPosition position = FingerPosition.Unknown)
    {
        var jitter = new Random((seed * 7919) + impression);
        return Record(seed, minutiae, position, (m, i) => i % 20 == impression % 20 ? null : new Minutia(
            m.Type,
            Math.Clamp(m.X + jitter.Next(-2, 3), 0, 399),
            Math.Clamp(m.Y + jitter.Next(-2, 3), 0, 499),
            (m.Angle + jitter.Next(-2, 3) + 256) % 256,
            m.AngleUnit,
            m.Quality));
    }

    public static byte[] Record(int seed, int minutiae = 40, FingerPosition position = FingerPosition.Unknown) => Record(seed, minutiae, position, null);

    private static byte[] Record(int seed, int minutiae, FingerPosition position, Func<Minutia, int, Minutia?>? perturb)
    {
        var random = new Random(seed);
        var list = new List<Minutia>(minutiae);
        var used = new HashSet<(int, int)>();
        while (list.Count < minutiae)
        {
            var x = random.Next(40, 360);
            var y = random.Next(40, 460);

            // 197 px/cm: keep minutiae at least 2 px apart per axis so 0.1 mm cells stay distinct.
            if (!used.Add((x / 3, y / 3)))
            {
                continue;
            }

            list.Add(new Minutia((MinutiaType)random.Next(1, 3), x, y, random.Next(0, 256), MinutiaAngleUnit.Iso256thOfCircle, random.Next(40, 100)));
        }

        var captured = perturb is null ? list.ToArray() : list.Select(perturb).Where(m => m.HasValue).Select(m => m!.Value).ToArray();
        var view = new FingerView(position, 0, 0, 80, 400, 500, 197, 197, captured);
        using var record = new FingerMinutiaeRecord(FingerMinutiaeFormat.Iso19794Part2Version2005, [view]);
        return FingerMinutiaeRecordWriter.Write(record);
    }
}
