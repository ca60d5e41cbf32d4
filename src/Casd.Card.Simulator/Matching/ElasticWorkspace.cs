using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The working memory of one <see cref="ElasticMatcher.ComparePrepared"/> call, as one block on the
/// stack: the probe's minutiae, the rotation vote and the pairing state. The prepared reference is
/// read where it is stored (NVM on a card) and is not part of it.
/// </summary>
internal struct ElasticWorkspace
{
    /// <summary>Sort keys (X, Y, direction packed) of the probe being decoded.</summary>
    public MinutiaInts SortKey;

    /// <summary>The probe's X in 0.1 mm.</summary>
    public MinutiaBytes ProbeX;

    /// <summary>The probe's Y in 0.1 mm, upwards.</summary>
    public MinutiaBytes ProbeY;

    /// <summary>The probe's directions in binary degrees.</summary>
    public MinutiaBytes ProbeAngle;

    /// <summary>For each probe minutia, the reference minutia it is paired with in the current alignment.</summary>
    public MinutiaBytes PairedWith;

    /// <summary>The pairs of the best alignment so far, to skip seeds that would find it again.</summary>
    public MinutiaBytes BestPairedWith;

    /// <summary>The cheapest edge correspondences of each rotation bin, cost first so a plain comparison ranks them.</summary>
    public SeedLongs Seed;

    /// <summary>The votes of each rotation bin.</summary>
    public BinShorts RotationHits;

    /// <summary>How many seeds each rotation bin holds.</summary>
    public BinBytes RotationFill;

    /// <summary>The seeds the consolidation tries, best bin first.</summary>
    public SelectedLongs SelectedSeed;

    /// <summary>One byte per minutia.</summary>
    [InlineArray(ElasticMatcher.MinutiaeCapacity)]
    public struct MinutiaBytes
    {
        private byte _element;
    }

    /// <summary>One 32-bit value per minutia.</summary>
    [InlineArray(ElasticMatcher.MinutiaeCapacity)]
    public struct MinutiaInts
    {
        private int _element;
    }

    /// <summary>The seed lists of all rotation bins.</summary>
    [InlineArray(ElasticMatcher.RotationBins * ElasticMatcher.SeedsPerBin)]
    public struct SeedLongs
    {
        private ulong _element;
    }

    /// <summary>The selected seeds.</summary>
    [InlineArray(ElasticMatcher.BinsTried * ElasticMatcher.SeedsPerBin)]
    public struct SelectedLongs
    {
        private ulong _element;
    }

    /// <summary>One 16-bit value per rotation bin.</summary>
    [InlineArray(ElasticMatcher.RotationBins)]
    public struct BinShorts
    {
        private ushort _element;
    }

    /// <summary>One byte per rotation bin.</summary>
    [InlineArray(ElasticMatcher.RotationBins)]
    public struct BinBytes
    {
        private byte _element;
    }
}
