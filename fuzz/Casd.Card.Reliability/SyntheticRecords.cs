using Casd.Card.Biometrics;

namespace Casd.Card.Reliability;

/// <summary>
/// Made-up finger records for seeds, soak and load: a seed is a finger. Impressions after the first
/// move each minutia by a few pixels, as a fresh capture does, so the card still matches them.
/// </summary>
internal static class SyntheticRecords
{
    /// <summary>An ISO/IEC 19794-2:2005 record of one finger.</summary>
    public static byte[] Record(int seed, int impression = 1, int minutiae = 40, FingerMinutiaeFormat format = FingerMinutiaeFormat.Iso19794Part2Version2005)
    {
        var random = new Random(seed);
        var jitter = new Random((seed * 31) + impression);
        var spread = impression == 1 ? 0 : 2;
        var list = new List<Minutia>(minutiae);
        var used = new HashSet<(int, int)>();
        while (list.Count < minutiae)
        {
            int x = random.Next(40, 360), y = random.Next(40, 460), angle = random.Next(0, 256);
            var type = (MinutiaType)random.Next(1, 3);
            var quality = random.Next(40, 100);

            // 197 px/cm: minutiae at least 3 px apart per axis stay distinct cells in 0.1 mm.
            if (!used.Add((x / 3, y / 3)))
            {
                continue;
            }

            x += jitter.Next(-spread, spread + 1);
            y += jitter.Next(-spread, spread + 1);
            list.Add(new Minutia(type, x, y, (angle + jitter.Next(-spread, spread + 1) + 256) % 256, MinutiaAngleUnit.Iso256thOfCircle, quality));
        }

        var view = new FingerView(FingerPosition.RightIndex, 0, 0, 80, 400, 500, 197, 197, list.ToArray());
        using var record = new FingerMinutiaeRecord(format, [view]);
        return FingerMinutiaeRecordWriter.Write(record);
    }

    /// <summary>One small record in each format we write.</summary>
    public static IEnumerable<byte[]> AllFormats(int seed, int minutiae) =>
        Enum.GetValues<FingerMinutiaeFormat>().Select(format => Record(seed, minutiae: minutiae, format: format));
}
