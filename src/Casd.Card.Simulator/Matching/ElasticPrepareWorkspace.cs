using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The working memory of <see cref="ElasticMatcher.PrepareReference"/> at enrolment: the decoding keys
/// and the reference's edges before they are sorted by length into the prepared form.
/// </summary>
internal struct ElasticPrepareWorkspace
{
    /// <summary>Sort keys (X, Y, direction packed) of the reference.</summary>
    public ElasticWorkspace.MinutiaInts SortKey;

    /// <summary>Each edge's first minutia, in build order.</summary>
    public EdgeBytes From;

    /// <summary>Each edge's second minutia (a nearest neighbour of the first).</summary>
    public EdgeBytes To;

    /// <summary>Each edge's length in 0.1 mm.</summary>
    public EdgeBytes Length;

    /// <summary>One byte per possible edge.</summary>
    [InlineArray(ElasticMatcher.MinutiaeCapacity * ElasticMatcher.MaxNeighbours)]
    public struct EdgeBytes
    {
        private byte _element;
    }
}
