using System.Runtime.CompilerServices;
using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The card's matcher: local structures (each minutia's nearest-neighbour edges: length and the two
/// relative angles) vote for a rotation, the best-voted edge correspondences seed rigid alignments
/// refined by integer least squares, and minutiae pair inside a tolerance box that widens with the
/// distance from the alignment's centre, as skin stretches more far from where it touched first.
/// The reference's structures are computed once at enrolment (<see cref="PrepareReference"/>) and
/// stored instead of the template. Integer arithmetic only, no allocation, bounded stack memory
/// (<see cref="PeakWorkingMemoryBytes"/>), deterministic and independent of the minutiae's order.
/// docs/matcher.md describes the algorithm and the leave-one-database-out choice of every tolerance.
/// </summary>
public sealed partial class ElasticMatcher : IOnCardMatcher
{
    /// <summary>
    /// The most minutiae of a template the matcher reads (the size of its workspace); further minutiae
    /// are ignored. Not the card interface's limit (<c>CasdCardInterface.MaxMinutiae</c>, 60), which the
    /// card enforces before it calls a matcher: the matcher also compares templates outside the card
    /// (the evaluation), whose templates may carry more.
    /// </summary>
    public const int MinutiaeCapacity = 64;

    /// <summary>The most nearest neighbours a local structure may have (<see cref="MatchTolerances"/>).</summary>
    public const int MaxNeighbours = 8;

    /// <summary>The score scale: a probe identical to the reference scores this much.</summary>
    public const int MaxScore = 1000;

    /// <summary>The largest pairing distance, 0.1 mm (3.1 mm, about six ridge periods): a minutia farther than that from its partner is no evidence of the same finger.</summary>
    public const int MaxPairDistance = 31;

    /// <summary>The longest edge kept, 0.1 mm (20 mm): longer nearest-neighbour edges occur only in sparse templates, and the cap keeps the one-byte length test exact.</summary>
    internal const int MaxEdgeLength = 200;

    /// <summary>The largest edge-length tolerance, 0.1 mm; with <see cref="MaxEdgeLength"/> it keeps the wrap-around byte test exact.</summary>
    internal const int MaxEdgeLengthTolerance = 50;

    /// <summary>The width of an edge-length bucket of the prepared reference, 0.1 mm as a shift (0.2 mm: a probe edge's window then starts and ends within 0.1 mm of where it should).</summary>
    internal const int LengthBucketShift = 1;

    /// <summary>The number of edge-length buckets (lengths 0 to <see cref="MaxEdgeLength"/>).</summary>
    internal const int LengthBuckets = (MaxEdgeLength >> LengthBucketShift) + 1;

    private const byte NotPaired = RigidMotion.NotPaired;

    private readonly MatchTolerances _tolerances;
    private readonly int _edgeLength;
    private readonly int _edgeStrain;
    private readonly int _edgeAngle;
    private readonly int _pairAngle;
    private readonly int _pairStrain;

    /// <summary>Initializes a matcher with other tolerances than the card's, for evaluation and experiments.</summary>
    /// <param name="tolerances">The tolerances.</param>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is outside what the card's memory allows.</exception>
    public ElasticMatcher(MatchTolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        tolerances.Validate();
        _tolerances = tolerances;
        _edgeLength = tolerances.EdgeLength;

        // Per mille to a fraction of 1024, so the card multiplies and shifts instead of dividing.
        _edgeStrain = ((tolerances.EdgeStrainPerMille * 1024) + 500) / 1000;
        _pairStrain = ((tolerances.PairStrainPerMille * 1024) + 500) / 1000;
        _edgeAngle = BinaryDegrees(tolerances.EdgeAngleDegrees);
        _pairAngle = BinaryDegrees(tolerances.PairAngleDegrees);
    }

    private ElasticMatcher()
        : this(MatchTolerances.Default)
    {
    }

    /// <summary>Gets the card's matcher, with <see cref="MatchTolerances.Default"/>; it holds no state.</summary>
    public static ElasticMatcher Instance { get; } = new();

    /// <summary>Gets the largest prepared reference in bytes: 64 minutiae with the most neighbours.</summary>
    public static int MaxPreparedReferenceLength => PreparedLength(MinutiaeCapacity, MinutiaeCapacity * MaxNeighbours);

    /// <summary>
    /// Gets the peak working memory of a comparison in bytes: a VERIFY against a prepared reference
    /// needs the comparison workspace; comparing two templates (<see cref="Compare"/>) also prepares
    /// the reference on the stack, which is the larger figure and the one given here.
    /// </summary>
    public static int PeakWorkingMemoryBytes =>
        MaxPreparedReferenceLength + Math.Max(Unsafe.SizeOf<ElasticWorkspace>(), Unsafe.SizeOf<ElasticPrepareWorkspace>()) + ScalarLocalsBytes;

    /// <summary>Gets the working memory of a VERIFY against a prepared reference, in bytes.</summary>
    public static int VerifyWorkingMemoryBytes => Unsafe.SizeOf<ElasticWorkspace>() + ScalarLocalsBytes;

    /// <inheritdoc/>
    public string Name => "elastic-2";

    /// <summary>Gets the tolerances this matcher uses.</summary>
    public MatchTolerances Tolerances => _tolerances;

    // The locals of the deepest call chain held at once (counters, indices, two motions, neighbour lists), generously.
    private static int ScalarLocalsBytes => (64 * sizeof(int)) + (2 * MaxNeighbours * (sizeof(int) + 1));

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
    {
        Span<byte> prepared = stackalloc byte[MaxPreparedReferenceLength];
        try
        {
            var length = PrepareReference(reference, prepared);
            return ComparePrepared(prepared[..length], probe);
        }
        finally
        {
            // The prepared form holds the reference's minutiae: leave nothing of them on the stack.
            prepared.Clear();
        }
    }

    /// <inheritdoc/>
    public int GetPreparedReferenceLength(ReadOnlySpan<byte> reference)
    {
        var count = CardMinutiae.Count(reference, MinutiaeCapacity);
        return PreparedLength(count, count * _tolerances.ReferenceNeighbours);
    }

    /// <inheritdoc/>
    public int GetThreshold(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => Threshold1In1000,
        MatchSecurityLevel.FalseMatchRate1In100000 => Threshold1In100000,
        _ => Threshold1In10000,
    };

    /// <summary>Converts degrees to binary degrees (256 a turn), rounded.</summary>
    internal static int BinaryDegrees(int degrees) => ((degrees * 256) + 180) / 360;

    /// <summary>
    /// Finds a minutia's nearest neighbours (nearest first) with their squared distances. The minutiae
    /// are sorted by X, so the search walks outwards and stops on each side once the X gap alone is
    /// farther than the farthest neighbour kept.
    /// </summary>
    private static int NearestNeighbours(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count, int i, Span<byte> neighbour, Span<int> distance)
    {
        var found = 0;
        var capacity = neighbour.Length;
        int xi = x[i], yi = y[i];
        for (var j = i + 1; j < count; j++)
        {
            var dx = x[j] - xi;
            if (found == capacity && dx * dx >= distance[capacity - 1])
            {
                break;
            }

            var dy = y[j] - yi;
            found = Keep((dx * dx) + (dy * dy), j, found, neighbour, distance);
        }

        for (var j = i - 1; j >= 0; j--)
        {
            var dx = xi - x[j];
            if (found == capacity && dx * dx >= distance[capacity - 1])
            {
                break;
            }

            var dy = y[j] - yi;
            found = Keep((dx * dx) + (dy * dy), j, found, neighbour, distance);
        }

        return found;
    }

    /// <summary>Inserts a candidate neighbour into the sorted list if it is among the nearest (ties: the earlier kept stays first); returns the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keep(int d, int j, int found, Span<byte> neighbour, Span<int> distance)
    {
        var capacity = neighbour.Length;
        if (found == capacity && d >= distance[capacity - 1])
        {
            return found;
        }

        var k = found < capacity ? found++ : capacity - 1;
        while (k > 0 && (distance[k - 1] > d || (distance[k - 1] == d && neighbour[k - 1] > j)))
        {
            distance[k] = distance[k - 1];
            neighbour[k] = neighbour[k - 1];
            k--;
        }

        distance[k] = d;
        neighbour[k] = (byte)j;
        return found;
    }

    private static int RoundUp16(int value) => (value + 15) & ~15;

    /// <summary>The length of a prepared reference of <paramref name="count"/> minutiae and <paramref name="edges"/> edges (see <see cref="PreparedLayout"/>).</summary>
    private static int PreparedLength(int count, int edges) => new PreparedLayout(count, edges).Length;

    /// <summary>Reads a little-endian bucket start without a bounds check: the callers clamp the index into the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadStartUnchecked(ref byte table, int index) => Unsafe.Add(ref table, 2 * index) | (Unsafe.Add(ref table, (2 * index) + 1) << 8);

    /// <summary>
    /// Where each part of a prepared reference lies: a 4-byte header (format, minutia count, edge count),
    /// the minutiae (X, Y upwards, direction in binary degrees; sorted), the edge-length bucket starts
    /// (little-endian), then the edges sorted by length as
    /// five arrays (length, relative angle at each end, from, to), each padded to a multiple of 16.
    /// </summary>
    private readonly struct PreparedLayout(int count, int edges)
    {
        public const byte Format = 0xE2;
        public const int HeaderLength = 4;

        public int Count => count;

        public int Edges => edges;

        public int Padded => RoundUp16(edges);

        public static int X => HeaderLength;

        public int Y => X + count;

        public int Angle => Y + count;

        public int BucketStart => Angle + count;

        public int EdgeLength => BucketStart + ((LengthBuckets + 1) * 2);

        public int EdgeAngleFrom => EdgeLength + Padded;

        public int EdgeAngleTo => EdgeAngleFrom + Padded;

        // The arrays read 16 at a time come first: a block that starts inside the last of them runs
        // at most 15 bytes into these two, never past the end of the prepared reference.
        public int EdgeFrom => EdgeAngleTo + Padded;

        public int EdgeTo => EdgeFrom + Padded;

        public int Length => EdgeTo + Padded;
    }

}
