using Casd.Card.Biometrics;

namespace Casd.Card.Cli.Demo;

/// <summary>
/// The fingers of the demo: FVC2002 DB1_B records from ../shared/testdata when present (looked up
/// from the working directory and the tool's folder upwards), otherwise generated records.
/// </summary>
internal sealed class DemoFingers
{
    private DemoFingers(string source, byte[] first, byte[] firstAgain, byte[] second, byte[] wrong)
    {
        Source = source;
        First = first;
        FirstAgain = firstAgain;
        Second = second;
        Wrong = wrong;
    }

    public string Source { get; }

    public byte[] First { get; }

    /// <summary>Gets a second impression of the first finger (a fresh capture, as at a login).</summary>
    public byte[] FirstAgain { get; }

    public byte[] Second { get; }

    public byte[] Wrong { get; }

    public static DemoFingers Load()
    {
        if (FindFvc() is { } folder)
        {
            return new DemoFingers(
                $"FVC2002 DB1_B records from {folder}",
                File.ReadAllBytes(Path.Combine(folder, "101_1.iso")),
                File.ReadAllBytes(Path.Combine(folder, "101_2.iso")),
                File.ReadAllBytes(Path.Combine(folder, "102_1.iso")),
                File.ReadAllBytes(Path.Combine(folder, "103_1.iso")));
        }

        return new DemoFingers("generated records (../shared/testdata not found)", Generate(1, FingerPosition.RightIndex), Generate(1, FingerPosition.RightIndex, impression: 2), Generate(2, FingerPosition.LeftIndex), Generate(3, FingerPosition.RightIndex));
    }

    /// <summary>
    /// A synthetic ISO/IEC 19794-2:2005 record: 40 minutiae spread over a 500 dpi image. Impressions
    /// after the first move every minutia by up to 3 pixels and 2 angle units, as a fresh capture would.
    /// </summary>
    public static byte[] Generate(int seed, FingerPosition position, int impression = 1)
    {
        var random = new Random(seed);
        var jitter = new Random((seed * 31) + impression);
        var spread = impression == 1 ? 0 : 3;
        var minutiae = new List<Minutia>();
        var used = new HashSet<(int, int)>();
        while (minutiae.Count < 40)
        {
            int x = random.Next(40, 360), y = random.Next(40, 460);
            if (used.Add((x / 3, y / 3)))
            {
                var type = (MinutiaType)random.Next(1, 3);
                var angle = random.Next(0, 256);
                var quality = random.Next(40, 100);
                var angleJitter = spread == 0 ? 0 : jitter.Next(-2, 3);
                minutiae.Add(new Minutia(type, x + jitter.Next(-spread, spread + 1), y + jitter.Next(-spread, spread + 1), (angle + angleJitter + 256) % 256, MinutiaAngleUnit.Iso256thOfCircle, quality));
            }
        }

        using var record = new FingerMinutiaeRecord(FingerMinutiaeFormat.Iso19794Part2Version2005, [new FingerView(position, 0, 0, 80, 400, 500, 197, 197, minutiae.ToArray())]);
        return FingerMinutiaeRecordWriter.Write(record);
    }

    private static string? FindFvc()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "..", "shared", "testdata", "fvc2002", "DB1_B"), Path.Combine(dir.FullName, "shared", "testdata", "fvc2002", "DB1_B") })
                {
                    if (File.Exists(Path.Combine(candidate, "101_1.iso")) && File.Exists(Path.Combine(candidate, "101_2.iso")) && File.Exists(Path.Combine(candidate, "102_1.iso")) && File.Exists(Path.Combine(candidate, "103_1.iso")))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }
        }

        return null;
    }
}
