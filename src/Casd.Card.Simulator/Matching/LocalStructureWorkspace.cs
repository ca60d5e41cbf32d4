using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// All the working memory one comparison of <see cref="LocalStructureMatcher"/> uses, as one block
/// on the stack: its size is the matcher's peak working memory (plus a few scalar locals), the
/// figure a card's RAM budget is checked against.
/// </summary>
internal struct LocalStructureWorkspace
{
    /// <summary>The reference's minutiae: X, Y (upwards) and direction in binary degrees.</summary>
    public MinutiaBytes ReferenceX;

    /// <summary>The reference's Y, upwards (255 − the compact Y).</summary>
    public MinutiaBytes ReferenceY;

    /// <summary>The reference's directions in binary degrees.</summary>
    public MinutiaBytes ReferenceAngle;

    /// <summary>The probe's X.</summary>
    public MinutiaBytes ProbeX;

    /// <summary>The probe's Y, upwards.</summary>
    public MinutiaBytes ProbeY;

    /// <summary>The probe's directions in binary degrees.</summary>
    public MinutiaBytes ProbeAngle;

    /// <summary>The reference's minutia indices sorted by X, for the consolidation's range search.</summary>
    public MinutiaBytes ReferenceByX;

    /// <summary>The reference's nearest neighbours, <see cref="LocalStructureMatcher.Neighbours"/> a minutia.</summary>
    public NeighbourBytes ReferenceNeighbour;

    /// <summary>The length of each reference neighbour edge in 0.1 mm.</summary>
    public NeighbourShorts ReferenceNeighbourLength;

    /// <summary>The reference's local-structure edges, packed (see <see cref="LocalStructureMatcher"/>), sorted by length bucket.</summary>
    public NeighbourLongs ReferenceEdge;

    /// <summary>Where each length bucket starts in <see cref="ReferenceEdge"/>.</summary>
    public BucketShorts BucketStart;

    /// <summary>The best transformation seeds found so far, packed cost first so that a plain comparison ranks them.</summary>
    public SeedLongs Seed;

    /// <summary>One byte per minutia of a template.</summary>
    [InlineArray(LocalStructureMatcher.MaxMinutiae)]
    public struct MinutiaBytes
    {
        private byte _element;
    }

    /// <summary>One byte per neighbour edge.</summary>
    [InlineArray(LocalStructureMatcher.MaxMinutiae * LocalStructureMatcher.Neighbours)]
    public struct NeighbourBytes
    {
        private byte _element;
    }

    /// <summary>One 16-bit value per neighbour edge.</summary>
    [InlineArray(LocalStructureMatcher.MaxMinutiae * LocalStructureMatcher.Neighbours)]
    public struct NeighbourShorts
    {
        private ushort _element;
    }

    /// <summary>One packed edge per neighbour edge.</summary>
    [InlineArray(LocalStructureMatcher.MaxMinutiae * LocalStructureMatcher.Neighbours)]
    public struct NeighbourLongs
    {
        private ulong _element;
    }

    /// <summary>One start index per length bucket, plus the end.</summary>
    [InlineArray(LocalStructureMatcher.LengthBuckets + 1)]
    public struct BucketShorts
    {
        private ushort _element;
    }

    /// <summary>The seed list.</summary>
    [InlineArray(LocalStructureMatcher.Seeds)]
    public struct SeedLongs
    {
        private ulong _element;
    }
}
