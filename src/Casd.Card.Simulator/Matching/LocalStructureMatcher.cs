using System.Runtime.CompilerServices;
using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The card's matcher for compact-card minutiae: rotation- and translation-invariant local
/// structures (each minutia with its nearest neighbours, described by integer edge lengths and
/// relative angles), then a consolidation that aligns the probe on the best edge correspondences
/// and counts minutiae that fall in a tolerance box around a reference minutia. Integer arithmetic
/// only, no allocation, one fixed block of stack memory (<see cref="PeakWorkingMemoryBytes"/>),
/// and deterministic: the same bytes give the same score on every platform. docs/matcher.md
/// describes the algorithm and how the thresholds were measured.
/// </summary>
public sealed class LocalStructureMatcher : IOnCardMatcher
{
    /// <summary>The most minutiae a template contributes; further minutiae are ignored (the card accepts 60).</summary>
    public const int MaxMinutiae = 64;

    /// <summary>The number of nearest neighbours in a minutia's local structure.</summary>
    public const int Neighbours = 6;

    /// <summary>The number of transformation seeds the consolidation tries.</summary>
    public const int Seeds = 12;

    /// <summary>The score scale: a probe identical to the reference scores this much.</summary>
    public const int MaxScore = 1000;

    /// <summary>The width of an edge-length bucket in 0.1 mm, as a shift.</summary>
    internal const int BucketShift = 2;

    /// <summary>The number of edge-length buckets: edges are at most 255·√2 ≈ 361 long.</summary>
    internal const int LengthBuckets = (362 >> BucketShift) + 1;

    // Edge comparison tolerances: length in 0.1 mm, angles in binary degrees (256 a turn).
    private const int EdgeLengthTolerance = 6;
    private const int EdgeAngleTolerance = 14;

    // Consolidation tolerance box: position in 0.1 mm, direction in binary degrees.
    private const int PairDistance = 12;
    private const int PairAngle = 20;

    private const ulong NoSeed = ulong.MaxValue;

    /// <summary>Gets the shared instance; the matcher holds no state.</summary>
    public static LocalStructureMatcher Instance { get; } = new();

    /// <summary>Gets the peak working memory of one comparison in bytes: the stack workspace plus its scalar locals.</summary>
    public static int PeakWorkingMemoryBytes => Unsafe.SizeOf<LocalStructureWorkspace>() + ScalarLocalsBytes;

    /// <inheritdoc/>
    public string Name => "local-structure-1";

    // The locals of Compare and its callees held at once (counters, indices, the transform), generously.
    private static int ScalarLocalsBytes => 48 * sizeof(int) + (2 * Neighbours * (sizeof(int) + 1));

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
    {
        var referenceCount = Math.Min(reference.Length / CompactMinutia.EncodedLength, MaxMinutiae);
        var probeCount = Math.Min(probe.Length / CompactMinutia.EncodedLength, MaxMinutiae);
        if (referenceCount < 2 || probeCount < 2)
        {
            return 0;
        }

        var work = default(LocalStructureWorkspace);
        try
        {
            return CompareCore(ref work, reference, referenceCount, probe, probeCount);
        }
        finally
        {
            // Minutiae are biometric data: leave nothing of them on the stack.
            Unsafe.InitBlockUnaligned(ref Unsafe.As<LocalStructureWorkspace, byte>(ref work), 0, (uint)Unsafe.SizeOf<LocalStructureWorkspace>());
        }
    }

    /// <inheritdoc/>
    public int GetThreshold(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 60,
        MatchSecurityLevel.FalseMatchRate1In100000 => 120,
        _ => 90,
    };

    private static int CompareCore(ref LocalStructureWorkspace work, ReadOnlySpan<byte> reference, int referenceCount, ReadOnlySpan<byte> probe, int probeCount)
    {
        Decode(reference, referenceCount, work.ReferenceX, work.ReferenceY, work.ReferenceAngle);
        Decode(probe, probeCount, work.ProbeX, work.ProbeY, work.ProbeAngle);
        BuildReferenceEdges(ref work, referenceCount);
        var seedCount = FindSeeds(ref work, referenceCount, probeCount);
        SortByX(work.ReferenceX, work.ReferenceByX, referenceCount);

        var best = 0;
        for (var s = 0; s < seedCount; s++)
        {
            var paired = Consolidate(ref work, referenceCount, probeCount, work.Seed[s]);
            if (paired > best)
            {
                best = paired;
            }
        }

        return best * best * MaxScore / (referenceCount * probeCount);
    }

    private static void Decode(ReadOnlySpan<byte> template, int count, Span<byte> x, Span<byte> y, Span<byte> angle)
    {
        for (var i = 0; i < count; i++)
        {
            var m = template.Slice(i * CompactMinutia.EncodedLength, CompactMinutia.EncodedLength);
            x[i] = m[0];
            y[i] = (byte)(255 - m[1]);
            angle[i] = (byte)((m[2] & 0x3F) << 2);
        }
    }

    /// <summary>Finds each minutia's nearest neighbours (ties to the lower index), into <paramref name="neighbour"/> and their squared distances.</summary>
    private static int NearestNeighbours(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int count, int i, Span<byte> neighbour, Span<int> distance)
    {
        var found = 0;
        int xi = x[i], yi = y[i];
        for (var j = 0; j < count; j++)
        {
            if (j == i)
            {
                continue;
            }

            int dx = x[j] - xi, dy = y[j] - yi;
            var d = (dx * dx) + (dy * dy);
            if (found == Neighbours && d >= distance[Neighbours - 1])
            {
                continue;
            }

            var k = found < Neighbours ? found++ : Neighbours - 1;
            while (k > 0 && distance[k - 1] > d)
            {
                distance[k] = distance[k - 1];
                neighbour[k] = neighbour[k - 1];
                k--;
            }

            distance[k] = d;
            neighbour[k] = (byte)j;
        }

        return found;
    }

    private static ulong PackEdge(int length, int direction, int angleFrom, int angleTo, int from, int to) =>
        ((ulong)length << 48) | ((ulong)direction << 40) | ((ulong)angleFrom << 32) | ((ulong)angleTo << 24) | ((ulong)from << 16) | ((ulong)to << 8);

    private static void BuildReferenceEdges(ref LocalStructureWorkspace work, int count)
    {
        Span<int> distance = stackalloc int[Neighbours];
        Span<byte> neighbourOf = work.ReferenceNeighbour;
        Span<ushort> lengthOf = work.ReferenceNeighbourLength;
        Span<ushort> start = work.BucketStart;
        start.Clear();
        for (var i = 0; i < count; i++)
        {
            var n = NearestNeighbours(work.ReferenceX, work.ReferenceY, count, i, neighbourOf.Slice(i * Neighbours, Neighbours), distance);
            for (var k = 0; k < Neighbours; k++)
            {
                var length = k < n ? MatcherTables.SquareRoot(distance[k]) : ushort.MaxValue;
                lengthOf[(i * Neighbours) + k] = (ushort)length;
                if (k < n)
                {
                    start[(length >> BucketShift) + 1]++;
                }
            }
        }

        for (var b = 1; b <= LengthBuckets; b++)
        {
            start[b] += start[b - 1];
        }

        // Counting sort: place each edge at its bucket's next free slot, then shift the starts back.
        Span<ulong> edge = work.ReferenceEdge;
        for (var i = 0; i < count; i++)
        {
            int xi = work.ReferenceX[i], yi = work.ReferenceY[i], ai = work.ReferenceAngle[i];
            for (var k = 0; k < Neighbours; k++)
            {
                var length = lengthOf[(i * Neighbours) + k];
                if (length == ushort.MaxValue)
                {
                    continue;
                }

                var j = neighbourOf[(i * Neighbours) + k];
                var direction = MatcherTables.Atan2(work.ReferenceX[j] - xi, work.ReferenceY[j] - yi);
                var slot = start[length >> BucketShift]++;
                edge[slot] = PackEdge(length, direction, (direction - ai) & 0xFF, (direction - work.ReferenceAngle[j]) & 0xFF, i, j);
            }
        }

        for (var b = LengthBuckets; b > 0; b--)
        {
            start[b] = start[b - 1];
        }

        start[0] = 0;
    }

    /// <summary>Compares every probe edge with the reference edges of similar length and keeps the best correspondences as seeds.</summary>
    private static int FindSeeds(ref LocalStructureWorkspace work, int referenceCount, int probeCount)
    {
        Span<int> distance = stackalloc int[Neighbours];
        Span<byte> neighbour = stackalloc byte[Neighbours];
        Span<ulong> seed = work.Seed;
        seed.Fill(NoSeed);
        ReadOnlySpan<ulong> edge = work.ReferenceEdge;
        ReadOnlySpan<ushort> start = work.BucketStart;
        var seedCount = 0;
        var worst = NoSeed;
        for (var i = 0; i < probeCount; i++)
        {
            var n = NearestNeighbours(work.ProbeX, work.ProbeY, probeCount, i, neighbour, distance);
            int xi = work.ProbeX[i], yi = work.ProbeY[i], ai = work.ProbeAngle[i];
            for (var k = 0; k < n; k++)
            {
                var j = neighbour[k];
                var length = MatcherTables.SquareRoot(distance[k]);
                var direction = MatcherTables.Atan2(work.ProbeX[j] - xi, work.ProbeY[j] - yi);
                var angleFrom = (direction - ai) & 0xFF;
                var angleTo = (direction - work.ProbeAngle[j]) & 0xFF;
                var low = Math.Max(length - EdgeLengthTolerance, 0) >> BucketShift;
                var high = Math.Min((length + EdgeLengthTolerance) >> BucketShift, LengthBuckets - 1);
                for (int e = start[low], end = start[high + 1]; e < end; e++)
                {
                    var r = edge[e];
                    var lengthError = Math.Abs((int)(r >> 48) - length);
                    if (lengthError > EdgeLengthTolerance)
                    {
                        continue;
                    }

                    var fromError = MatcherTables.AngleDistance((int)(r >> 32) & 0xFF, angleFrom);
                    if (fromError > EdgeAngleTolerance)
                    {
                        continue;
                    }

                    var toError = MatcherTables.AngleDistance((int)(r >> 24) & 0xFF, angleTo);
                    if (toError > EdgeAngleTolerance)
                    {
                        continue;
                    }

                    var cost = (ulong)((lengthError * 4) + fromError + toError);
                    var candidate = (cost << 48) | (((r >> 16) & 0xFF) << 24) | (((r >> 8) & 0xFF) << 16) | ((ulong)i << 8) | j;
                    if (candidate >= worst)
                    {
                        continue;
                    }

                    // Insert into the sorted seed list, dropping the worst when it is full.
                    var slot = seedCount < Seeds ? seedCount++ : Seeds - 1;
                    while (slot > 0 && seed[slot - 1] > candidate)
                    {
                        seed[slot] = seed[slot - 1];
                        slot--;
                    }

                    seed[slot] = candidate;
                    if (seedCount == Seeds)
                    {
                        worst = seed[Seeds - 1];
                    }
                }
            }
        }

        return seedCount;
    }

    private static void SortByX(ReadOnlySpan<byte> x, Span<byte> order, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var k = i;
            while (k > 0 && x[order[k - 1]] > x[i])
            {
                order[k] = order[k - 1];
                k--;
            }

            order[k] = (byte)i;
        }
    }

    /// <summary>Aligns the probe on one seed's edge and pairs minutiae one to one inside the tolerance box; returns the pair count.</summary>
    private static int Consolidate(ref LocalStructureWorkspace work, int referenceCount, int probeCount, ulong seed)
    {
        int ri = (int)(seed >> 24) & 0xFF, rj = (int)(seed >> 16) & 0xFF, pi = (int)(seed >> 8) & 0xFF, pj = (int)seed & 0xFF;
        ReadOnlySpan<byte> rx = work.ReferenceX, ry = work.ReferenceY, ra = work.ReferenceAngle;
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY, pa = work.ProbeAngle;
        ReadOnlySpan<byte> byX = work.ReferenceByX;
        var rotation = (MatcherTables.Atan2(rx[rj] - rx[ri], ry[rj] - ry[ri]) - MatcherTables.Atan2(px[pj] - px[pi], py[pj] - py[pi])) & 0xFF;
        var sine = MatcherTables.Sine;
        int sin = sine[rotation], cos = sine[(rotation + 64) & 0xFF];

        // Work in doubled coordinates so that the edges' midpoints stay integers.
        int referenceCentreX = rx[ri] + rx[rj], referenceCentreY = ry[ri] + ry[rj];
        int probeCentreX = px[pi] + px[pj], probeCentreY = py[pi] + py[pj];
        ulong paired = 0;
        var pairs = 0;
        for (var p = 0; p < probeCount; p++)
        {
            int dx = (2 * px[p]) - probeCentreX, dy = (2 * py[p]) - probeCentreY;
            var x = (referenceCentreX + (((dx * cos) - (dy * sin)) >> MatcherTables.SineShift)) >> 1;
            var y = (referenceCentreY + (((dx * sin) + (dy * cos)) >> MatcherTables.SineShift)) >> 1;
            var angle = (pa[p] + rotation) & 0xFF;

            // First reference minutia (in X order) not left of the box, then scan across it.
            int lo = 0, hi = referenceCount;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (rx[byX[mid]] < x - PairDistance)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var bestDistance = (PairDistance * PairDistance) + 1;
            var bestReference = -1;
            for (var k = lo; k < referenceCount; k++)
            {
                var r = byX[k];
                var ddx = rx[r] - x;
                if (ddx > PairDistance)
                {
                    break;
                }

                var ddy = ry[r] - y;
                var d = (ddx * ddx) + (ddy * ddy);
                if (d < bestDistance && (paired & (1UL << r)) == 0 && MatcherTables.AngleDistance(ra[r], angle) <= PairAngle)
                {
                    bestDistance = d;
                    bestReference = r;
                }
            }

            if (bestReference >= 0)
            {
                paired |= 1UL << bestReference;
                pairs++;
            }
        }

        return pairs;
    }
}
