using Casd.Card.Biometrics;

namespace Casd.Card.Tests.Application;

/// <summary>
/// Synthetic ISO/IEC 19794-2:2005 finger records for workflow tests: a seed is a finger, the same
/// seed gives the same record. Minutiae are spread over a 500 dpi image, at distinct positions.
/// </summary>
internal static class SyntheticFingers
{
    public static byte[] Record(int seed, int minutiae = 40, FingerPosition position = FingerPosition.Unknown)
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

        var view = new FingerView(position, 0, 0, 80, 400, 500, 197, 197, list.ToArray());
        using var record = new FingerMinutiaeRecord(FingerMinutiaeFormat.Iso19794Part2Version2005, [view]);
        return FingerMinutiaeRecordWriter.Write(record);
    }
}
