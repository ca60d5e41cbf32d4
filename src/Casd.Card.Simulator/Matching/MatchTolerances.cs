namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The tolerances of <see cref="ElasticMatcher"/>, in physical units: distances in 0.1 mm (the
/// compact card format's unit), angles in degrees, strain in per mille, counts in minutiae. The card
/// has one fixed set (<see cref="Default"/>, chosen by leave-one-database-out, docs/matcher.md); other
/// sets exist for the evaluation tool's tuning and for experiments. No value depends on a database.
/// </summary>
public sealed record MatchTolerances
{
    /// <summary>Gets the card's tolerances (docs/matcher.md gives the reason for every value).</summary>
    public static MatchTolerances Default { get; } = new();

    /// <summary>Gets the number of nearest neighbours in a reference minutia's local structure (default 6).</summary>
    public int ReferenceNeighbours { get; init; } = 6;

    /// <summary>Gets the number of nearest neighbours of a probe minutia whose edges are compared (default 4).</summary>
    public int ProbeNeighbours { get; init; } = 4;

    /// <summary>Gets the edge-length tolerance of a zero-length edge, in 0.1 mm (default 3: about one ridge period's third, plus the format's rounding).</summary>
    public int EdgeLength { get; init; } = 3;

    /// <summary>Gets how much the edge-length tolerance grows with the edge's length, per mille (default 60: the skin stretches by a few per cent between captures).</summary>
    public int EdgeStrainPerMille { get; init; } = 50;

    /// <summary>Gets the tolerance on each of an edge's two relative angles, in degrees (default 16).</summary>
    public int EdgeAngleDegrees { get; init; } = 14;

    /// <summary>Gets the pairing distance of the first alignment, on one seed's two edges only, in 0.1 mm (default 14).</summary>
    public int SeedPairDistance { get; init; } = 14;

    /// <summary>Gets the final pairing distance at the centre of the alignment, in 0.1 mm (default 6).</summary>
    public int PairDistance { get; init; } = 5;

    /// <summary>Gets how much the final pairing distance grows with the distance from the alignment's centre, per mille (default 0: elastic distortion grows away from the centre).</summary>
    public int PairStrainPerMille { get; init; } = 60;

    /// <summary>Gets the direction tolerance of a pair, in degrees (default 17).</summary>
    public int PairAngleDegrees { get; init; } = 20;

    /// <summary>
    /// Gets the fewest minutiae a template counts for in the score's normalisation once it is limited to
    /// the area both captures cover (default 0: no overlap limit, each template counts all its minutiae).
    /// </summary>
    public int MinimumOverlapMinutiae { get; init; } = 16;

    /// <summary>Throws when a value lies outside what the card's fixed-size memory allows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReferenceNeighbours, 2, nameof(ReferenceNeighbours));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReferenceNeighbours, ElasticMatcher.MaxNeighbours, nameof(ReferenceNeighbours));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbeNeighbours, 1, nameof(ProbeNeighbours));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ProbeNeighbours, ElasticMatcher.MaxNeighbours, nameof(ProbeNeighbours));
        ArgumentOutOfRangeException.ThrowIfNegative(EdgeLength, nameof(EdgeLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EdgeLength, 20, nameof(EdgeLength));
        ArgumentOutOfRangeException.ThrowIfNegative(EdgeStrainPerMille, nameof(EdgeStrainPerMille));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EdgeStrainPerMille, 200, nameof(EdgeStrainPerMille));
        ArgumentOutOfRangeException.ThrowIfNegative(EdgeAngleDegrees, nameof(EdgeAngleDegrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EdgeAngleDegrees, 45, nameof(EdgeAngleDegrees));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SeedPairDistance, nameof(SeedPairDistance));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SeedPairDistance, ElasticMatcher.MaxPairDistance, nameof(SeedPairDistance));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PairDistance, nameof(PairDistance));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PairDistance, ElasticMatcher.MaxPairDistance, nameof(PairDistance));
        ArgumentOutOfRangeException.ThrowIfNegative(PairStrainPerMille, nameof(PairStrainPerMille));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PairStrainPerMille, 200, nameof(PairStrainPerMille));
        ArgumentOutOfRangeException.ThrowIfNegative(PairAngleDegrees, nameof(PairAngleDegrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PairAngleDegrees, 90, nameof(PairAngleDegrees));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumOverlapMinutiae, nameof(MinimumOverlapMinutiae));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumOverlapMinutiae, ElasticMatcher.MinutiaeCapacity, nameof(MinimumOverlapMinutiae));
    }
}
