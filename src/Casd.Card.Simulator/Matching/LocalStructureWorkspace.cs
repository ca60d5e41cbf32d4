using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// All the working memory one comparison of <see cref="LocalStructureMatcher"/> uses, as one block
/// on the stack: its size is the matcher's peak working memory (plus a few scalar locals), the
/// figure a card's RAM budget is checked against.
/// </summary>
internal struct LocalStructureWorkspace
{
    /// <summary>Sort keys (X, Y, direction packed) of the template being decoded.</summary>
    public MinutiaInts SortKey;

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

    /// <summary>The reference's minutia indices grouped by grid cell, for the consolidation's box search.</summary>
    public MinutiaBytes CellMember;

    /// <summary>Where each grid cell's minutiae start in <see cref="CellMember"/>.</summary>
    public CellShorts CellStart;

    /// <summary>The reference's nearest neighbours, <see cref="LocalStructureMatcher.Neighbours"/> a minutia.</summary>
    public NeighbourBytes ReferenceNeighbour;

    /// <summary>The length of each reference neighbour edge in 0.1 mm.</summary>
    public NeighbourShorts ReferenceNeighbourLength;

    /// <summary>The reference's local-structure edges sorted by length: the length in 0.1 mm.</summary>
    public NeighbourShorts EdgeLength;

    /// <summary>The edge's first minutia.</summary>
    public NeighbourBytes EdgeFrom;

    /// <summary>The edge's second minutia (a nearest neighbour of the first).</summary>
    public NeighbourBytes EdgeTo;

    /// <summary>The edge's direction relative to its first minutia's direction, binary degrees.</summary>
    public NeighbourBytes EdgeAngleFrom;

    /// <summary>The edge's direction relative to its second minutia's direction, binary degrees.</summary>
    public NeighbourBytes EdgeAngleTo;

    /// <summary>Where each length bucket starts in the edge arrays.</summary>
    public BucketShorts BucketStart;

    /// <summary>For each probe minutia, the reference minutia it is paired with in the current alignment.</summary>
    public MinutiaBytes PairedWith;

    /// <summary>The pairs of the best alignment found so far, to skip seeds that would repeat it.</summary>
    public MinutiaBytes BestPairedWith;

    /// <summary>The rotation vote and the seeds it selects.</summary>
    public RotationVotes Votes;

    /// <summary>One byte per minutia of a template.</summary>
    [InlineArray(LocalStructureMatcher.MinutiaeCapacity)]
    public struct MinutiaBytes
    {
        private byte _element;
    }

    /// <summary>One 32-bit value per minutia of a template.</summary>
    [InlineArray(LocalStructureMatcher.MinutiaeCapacity)]
    public struct MinutiaInts
    {
        private int _element;
    }

    /// <summary>One byte per neighbour edge, plus 16 so that a vector block never reads past the end.</summary>
    [InlineArray((LocalStructureMatcher.MinutiaeCapacity * LocalStructureMatcher.Neighbours) + 16)]
    public struct NeighbourBytes
    {
        private byte _element;
    }

    /// <summary>One 16-bit value per neighbour edge.</summary>
    [InlineArray(LocalStructureMatcher.MinutiaeCapacity * LocalStructureMatcher.Neighbours)]
    public struct NeighbourShorts
    {
        private ushort _element;
    }

    /// <summary>One start index per length bucket, plus the end.</summary>
    [InlineArray(LocalStructureMatcher.LengthBuckets + 1)]
    public struct BucketShorts
    {
        private ushort _element;
    }

    /// <summary>One start index per grid cell, plus the end.</summary>
    [InlineArray(LocalStructureMatcher.GridCells + 1)]
    public struct CellShorts
    {
        private ushort _element;
    }
}
