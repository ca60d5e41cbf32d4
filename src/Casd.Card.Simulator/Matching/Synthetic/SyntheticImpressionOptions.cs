namespace Casd.Card.Simulator.Matching.Synthetic;

/// <summary>
/// How far one capture of a <see cref="SyntheticFinger"/> strays from its true minutiae. Distances
/// are in 0.1 mm, angles in degrees; every random draw is uniform in ±the limit unless said otherwise.
/// </summary>
public sealed record SyntheticImpressionOptions
{
    /// <summary>Gets a capture with no change at all: the true minutiae, unmoved.</summary>
    public static SyntheticImpressionOptions Exact { get; } = new()
    {
        MaxRotationDegrees = 0,
        MaxTranslation = 0,
        ElasticAmplitude = 0,
        MissingRate = 0,
        SpuriousRate = 0,
        PositionNoise = 0,
        AngleNoiseDegrees = 0,
    };

    /// <summary>Gets the largest rotation of the whole capture about the finger's centre (default 20°).</summary>
    public double MaxRotationDegrees { get; init; } = 20;

    /// <summary>Gets the largest shift of the whole capture along each axis (default 15, i.e. 1.5 mm).</summary>
    public double MaxTranslation { get; init; } = 15;

    /// <summary>Gets the amplitude of the smooth elastic displacement field (default 4, i.e. 0.4 mm), growing from the centre outwards.</summary>
    public double ElasticAmplitude { get; init; } = 4;

    /// <summary>Gets the probability that a true minutia is missed (default 0.15).</summary>
    public double MissingRate { get; init; } = 0.15;

    /// <summary>Gets the number of spurious minutiae added, as a fraction of the true count (default 0.1).</summary>
    public double SpuriousRate { get; init; } = 0.1;

    /// <summary>Gets the largest independent position error of each minutia along each axis (default 2, i.e. 0.2 mm).</summary>
    public double PositionNoise { get; init; } = 2;

    /// <summary>Gets the largest independent direction error of each minutia (default 8°).</summary>
    public double AngleNoiseDegrees { get; init; } = 8;

    /// <summary>
    /// Gets the side of the square sensor window in 0.1 mm, placed at random over the print, or 0 for
    /// a sensor that sees the whole finger (default 0). A small window gives the small overlaps of
    /// partial captures: two captures of the same finger share only part of their minutiae.
    /// </summary>
    public double SensorWindow { get; init; }

    /// <summary>Gets a capture with strong elastic distortion: skin pressed and dragged, up to 1.5 mm at the print's edge.</summary>
    public static SyntheticImpressionOptions StrongDistortion { get; } = new() { ElasticAmplitude = 15 };

    /// <summary>Gets a partial capture: a 10 mm × 10 mm sensor window, so two captures overlap on part of their area only.</summary>
    public static SyntheticImpressionOptions SmallOverlap { get; } = new() { SensorWindow = 100 };

    /// <summary>Gets a dry or wet finger: a third of the minutiae missed and as many spurious ones as a quarter of the true count.</summary>
    public static SyntheticImpressionOptions PoorSkin { get; } = new() { MissingRate = 0.33, SpuriousRate = 0.25 };
}
