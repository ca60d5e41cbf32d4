using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching.Synthetic;

/// <summary>
/// Makes synthetic fingers and captures of them as compact-card templates, for tests, demos and scale
/// runs (10,000 fingers take well under a second). A finger is a set of well-spaced minutiae inside an
/// elliptic print whose directions follow a smooth loop-shaped ridge flow, so that neighbouring
/// minutiae are as correlated as on real fingers. A capture applies a rigid motion, a smooth elastic
/// distortion, missing and spurious minutiae, and position and direction noise. Everything derives
/// from the seed: the same seed gives the same fingers and captures on every platform.
/// </summary>
/// <remarks>Not thread-safe: give each thread its own generator (seeds can differ per thread).</remarks>
public sealed class SyntheticFingerGenerator
{
    private const double Centre = 128;
    private const double RadiusX = 75;
    private const double RadiusY = 95;
    private const double MinimumSpacing = 9;

    private readonly Random _random;
    private int _nextId;

    /// <summary>Initializes a generator.</summary>
    /// <param name="seed">The seed of every random draw.</param>
    public SyntheticFingerGenerator(int seed) => _random = new Random(seed);

    /// <summary>Gets or initializes the fewest true minutiae of a finger (default 30).</summary>
    public int MinimumMinutiae { get; init; } = 30;

    /// <summary>Gets or initializes the most true minutiae of a finger (default 55).</summary>
    public int MaximumMinutiae { get; init; } = 55;

    /// <summary>Makes a new finger.</summary>
    /// <returns>The finger.</returns>
    public SyntheticFinger CreateFinger()
    {
        var target = _random.Next(MinimumMinutiae, MaximumMinutiae + 1);

        // A loop pattern: ridges circle a core, so directions vary smoothly across the print.
        var coreX = Centre + Uniform(20);
        var coreY = Centre + Uniform(25);
        var minutiae = new List<SyntheticMinutia>(target);
        for (var attempt = 0; minutiae.Count < target && attempt < target * 200; attempt++)
        {
            var x = Centre + Uniform(RadiusX);
            var y = Centre + Uniform(RadiusY);
            if (Square((x - Centre) / RadiusX) + Square((y - Centre) / RadiusY) > 1 || minutiae.Exists(m => Square(m.X - x) + Square(m.Y - y) < MinimumSpacing * MinimumSpacing))
            {
                continue;
            }

            var flow = (Math.Atan2(-(y - coreY), x - coreX) * 180 / Math.PI) + 90 + Uniform(10);
            var direction = _random.Next(2) == 0 ? flow : flow + 180;
            var type = _random.Next(2) == 0 ? MinutiaType.RidgeEnding : MinutiaType.RidgeBifurcation;
            minutiae.Add(new SyntheticMinutia(x, y, Normalise(direction), type));
        }

        return new SyntheticFinger(_nextId++, [.. minutiae]);
    }

    /// <summary>Makes several fingers.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The fingers, numbered in order.</returns>
    public IReadOnlyList<SyntheticFinger> CreateFingers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var fingers = new SyntheticFinger[count];
        for (var i = 0; i < count; i++)
        {
            fingers[i] = CreateFinger();
        }

        return fingers;
    }

    /// <summary>Makes one capture of a finger as a compact-card template (at most 60 minutiae, in random order).</summary>
    /// <param name="finger">The finger.</param>
    /// <param name="options">How far the capture strays; <see langword="null"/> for the defaults.</param>
    /// <returns>3 bytes a minutia; minutiae pushed outside the 0–255 square are lost, as off the sensor.</returns>
    public byte[] CreateImpression(SyntheticFinger finger, SyntheticImpressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(finger);
        options ??= new SyntheticImpressionOptions();
        var rotation = Uniform(options.MaxRotationDegrees) * Math.PI / 180;
        double cos = Math.Cos(rotation), sin = Math.Sin(rotation);
        var shiftX = Uniform(options.MaxTranslation);
        var shiftY = Uniform(options.MaxTranslation);

        // Elastic distortion: a smooth random displacement that is zero at the centre and grows outwards.
        var phaseX = _random.NextDouble() * 2 * Math.PI;
        var phaseY = _random.NextDouble() * 2 * Math.PI;
        var captured = new List<SyntheticMinutia>(finger.MinutiaCount + 8);
        foreach (var m in finger.Minutiae)
        {
            if (_random.NextDouble() < options.MissingRate)
            {
                continue;
            }

            double dx = m.X - Centre, dy = m.Y - Centre;
            var reach = Math.Sqrt((dx * dx) + (dy * dy)) / RadiusY;
            dx += options.ElasticAmplitude * reach * Math.Sin((m.Y / 40) + phaseX);
            dy += options.ElasticAmplitude * reach * Math.Sin((m.X / 40) + phaseY);

            // Y grows downwards in the template, so a counter-clockwise turn is (x, -y)-wise.
            var x = Centre + (cos * dx) + (sin * dy) + shiftX + Uniform(options.PositionNoise);
            var y = Centre - (sin * dx) + (cos * dy) + shiftY + Uniform(options.PositionNoise);
            var angle = m.AngleDegrees + (rotation * 180 / Math.PI) + Uniform(options.AngleNoiseDegrees);
            captured.Add(m with { X = x, Y = y, AngleDegrees = Normalise(angle) });
        }

        var spurious = (int)Math.Round(options.SpuriousRate * finger.MinutiaCount * (0.5 + _random.NextDouble()));
        for (var i = 0; i < spurious; i++)
        {
            captured.Add(new SyntheticMinutia(
                Centre + Uniform(RadiusX) + shiftX,
                Centre + Uniform(RadiusY) + shiftY,
                _random.NextDouble() * 360,
                _random.Next(2) == 0 ? MinutiaType.RidgeEnding : MinutiaType.RidgeBifurcation));
        }

        captured.RemoveAll(m => m.X < -0.5 || m.X >= 255.5 || m.Y < -0.5 || m.Y >= 255.5);
        if (options.SensorWindow > 0)
        {
            // A partial capture: only the minutiae under a window placed at random over the print are seen.
            var left = Centre - RadiusX + (_random.NextDouble() * Math.Max((2 * RadiusX) - options.SensorWindow, 0));
            var bottom = Centre - RadiusY + (_random.NextDouble() * Math.Max((2 * RadiusY) - options.SensorWindow, 0));
            captured.RemoveAll(m => m.X < left || m.X >= left + options.SensorWindow || m.Y < bottom || m.Y >= bottom + options.SensorWindow);
        }

        Shuffle(captured);
        var count = Math.Min(captured.Count, BiometricMatchingParameters.DefaultMaximumMinutiae);
        var result = new byte[count * CompactMinutia.EncodedLength];
        for (var i = 0; i < count; i++)
        {
            captured[i].ToCompact().Write(result.AsSpan(i * CompactMinutia.EncodedLength));
        }

        return result;
    }

    private static double Square(double v) => v * v;

    private static double Normalise(double degrees) => ((degrees % 360) + 360) % 360;

    private double Uniform(double limit) => limit == 0 ? 0 : ((_random.NextDouble() * 2) - 1) * limit;

    private void Shuffle(List<SyntheticMinutia> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
