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

    /// <summary>The rotation vote and the seeds it selects.</summary>
    public RotationVotes Votes;

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
}
