using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The previous card matcher, kept as the benchmark baseline and for comparison (the card now uses
/// <see cref="ElasticMatcher"/>, docs/decisions/0053): rotation- and translation-invariant local
/// structures (each minutia with its nearest neighbours, described by integer edge lengths and
/// relative angles), then a consolidation that aligns the probe on the best edge correspondences
/// and counts minutiae that fall in a tolerance box around a reference minutia. Integer arithmetic
/// only, no allocation, one fixed block of stack memory (<see cref="PeakWorkingMemoryBytes"/>),
/// and deterministic: the same bytes give the same score on every platform. docs/matcher.md
/// describes the algorithm and how the thresholds were measured.
/// </summary>
public sealed class LocalStructureMatcher : IOnCardMatcher
{
    /// <summary>
    /// The most minutiae of a template the matcher reads (the size of its workspace); further minutiae
    /// are ignored. Not the card interface's limit (<c>CasdCardInterface.MaxMinutiae</c>, 60), which the
    /// card enforces before it calls a matcher: the matcher also compares templates outside the card
    /// (the evaluation), whose templates may carry more.
    /// </summary>
    public const int MinutiaeCapacity = 64;

    /// <summary>The number of nearest neighbours in a minutia's local structure.</summary>
    public const int Neighbours = 6;

    /// <summary>The number of nearest neighbours of a probe minutia whose edges are compared with the reference's.</summary>
    internal const int ProbeNeighbours = 4;


    /// <summary>The score scale: a probe identical to the reference scores this much.</summary>
    public const int MaxScore = 1000;

    /// <summary>The width of an edge-length bucket in 0.1 mm, as a shift (0: one bucket a length, so a window is exact).</summary>
    internal const int BucketShift = 0;

    /// <summary>The side of a consolidation grid cell in 0.1 mm, as a shift; the pairing tolerances must not exceed it.</summary>
    internal const int CellShift = 5;

    /// <summary>The number of grid cells over the 256 × 256 coordinate square.</summary>
    internal const int GridCells = (256 >> CellShift) * (256 >> CellShift);

    /// <summary>The number of edge-length buckets: edges are at most 255·√2 ≈ 361 long.</summary>
    internal const int LengthBuckets = (362 >> BucketShift) + 1;

    // Edge comparison tolerances: length in 0.1 mm, angles in binary degrees (256 a turn).
    private const int EdgeLengthTolerance = 4;
    private const int EdgeAngleTolerance = 11;

    // Consolidation tolerance box: position in 0.1 mm, direction in binary degrees.
    private const int PairDistance = 6;
    private const int PairAngle = 12;

    private const int RefinePairDistance = 14;

    private const ulong NoSeed = ulong.MaxValue;

    private const int NotPaired = RigidMotion.NotPaired;

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
        var referenceCount = CardMinutiae.Count(reference, MinutiaeCapacity);
        var probeCount = CardMinutiae.Count(probe, MinutiaeCapacity);
        if (referenceCount < 2 || probeCount < 2)
        {
            return 0;
        }

        // Every part of the workspace is written before it is read (see LocalStructureWorkspace), so it
        // is not cleared first; it is cleared after use.
        Unsafe.SkipInit(out LocalStructureWorkspace work);
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
    /// <remarks>
    /// Measured on FVC2002 DB1–DB4 B (docs/matcher.md): 1:1,000 lets 11 of the 11,520 same-database
    /// impostor comparisons through (0.095%); 1:10,000 lets 1 of them through (0.0087%) and 3 of the
    /// 49,920 pooled cross-database impostor comparisons (0.006%); 1:100,000 lies 10% above every
    /// one of those scores (the highest is 197), since 100,000 real impostor comparisons were not
    /// available to measure it.
    /// </remarks>
    public int GetThreshold(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 130,
        MatchSecurityLevel.FalseMatchRate1In100000 => 217,
        _ => 168,
    };

    private static int CompareCore(ref LocalStructureWorkspace work, ReadOnlySpan<byte> reference, int referenceCount, ReadOnlySpan<byte> probe, int probeCount)
    {
        CardMinutiae.DecodeSorted(reference, referenceCount, work.SortKey, work.ReferenceX, work.ReferenceY, work.ReferenceAngle);
        CardMinutiae.DecodeSorted(probe, probeCount, work.SortKey, work.ProbeX, work.ProbeY, work.ProbeAngle);
        BuildReferenceEdges(ref work, referenceCount);
        var seedCount = FindSeeds(ref work, referenceCount, probeCount);
        BuildGrid(ref work, referenceCount);

        var best = 0;
        Span<byte> bestPairs = work.BestPairedWith;
        for (var s = 0; s < seedCount; s++)
        {
            // A seed whose edge the best alignment already pairs would only find that alignment again.
            var seed = work.Votes.Selected[s];
            if (best > 0 && bestPairs[(int)(seed >> 8) & 0xFF] == ((seed >> 24) & 0xFF) && bestPairs[(int)seed & 0xFF] == ((seed >> 16) & 0xFF))
            {
                continue;
            }

            var paired = Consolidate(ref work, referenceCount, probeCount, seed, best);
            if (paired > best)
            {
                best = paired;
                work.PairedWith[..probeCount].CopyTo(bestPairs);
            }
        }

        return best * best * MaxScore / (referenceCount * probeCount);
    }

    /// <summary>
    /// Finds a minutia's nearest neighbours into <paramref name="neighbour"/> with their squared
    /// distances, nearest first. The minutiae are sorted by X, so the search walks outwards from
    /// <paramref name="i"/> and stops on each side once the X gap alone exceeds the farthest kept.
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

    /// <summary>Inserts a candidate neighbour into the sorted list if it is among the nearest; returns the new count.</summary>
    /// <remarks>
    /// Unlike <see cref="ElasticMatcher"/>'s, equal distances keep the order they were met in rather
    /// than the lower index: kept so, the baseline's published scores stay what they were, which is
    /// why the neighbour search is not shared with the card's matcher.
    /// </remarks>
    private static int Keep(int d, int j, int found, Span<byte> neighbour, Span<int> distance)
    {
        var capacity = neighbour.Length;
        if (found == capacity && d >= distance[capacity - 1])
        {
            return found;
        }

        var k = found < capacity ? found++ : capacity - 1;
        while (k > 0 && distance[k - 1] > d)
        {
            distance[k] = distance[k - 1];
            neighbour[k] = neighbour[k - 1];
            k--;
        }

        distance[k] = d;
        neighbour[k] = (byte)j;
        return found;
    }

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
        Span<ushort> edgeLength = work.EdgeLength;
        Span<byte> edgeFrom = work.EdgeFrom, edgeTo = work.EdgeTo, edgeAngleFrom = work.EdgeAngleFrom, edgeAngleTo = work.EdgeAngleTo;
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
                edgeLength[slot] = length;
                edgeFrom[slot] = (byte)i;
                edgeTo[slot] = j;
                edgeAngleFrom[slot] = (byte)(direction - ai);
                edgeAngleTo[slot] = (byte)(direction - work.ReferenceAngle[j]);
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
        Span<int> distance = stackalloc int[ProbeNeighbours];
        Span<byte> neighbour = stackalloc byte[ProbeNeighbours];
        work.Votes.Clear();
        Span<ulong> seed = work.Votes.Seed;
        Span<ushort> hits = work.Votes.Hits;
        Span<byte> fill = work.Votes.Fill;
        ReadOnlySpan<ushort> edgeLength = work.EdgeLength;
        ReadOnlySpan<byte> edgeFrom = work.EdgeFrom, edgeTo = work.EdgeTo, edgeAngleFrom = work.EdgeAngleFrom, edgeAngleTo = work.EdgeAngleTo;
        ReadOnlySpan<ushort> start = work.BucketStart;
        ReadOnlySpan<byte> referenceAngle = work.ReferenceAngle;
        for (var i = 0; i < probeCount; i++)
        {
            var n = NearestNeighbours(work.ProbeX, work.ProbeY, probeCount, i, neighbour, distance);
            int xi = work.ProbeX[i], yi = work.ProbeY[i], ai = work.ProbeAngle[i];
            for (var k = 0; k < n; k++)
            {
                var j = neighbour[k];
                var length = MatcherTables.SquareRoot(distance[k]);
                var direction = MatcherTables.Atan2(work.ProbeX[j] - xi, work.ProbeY[j] - yi);

                // Shifted by the tolerance so that one unsigned byte comparison tests the circular distance.
                var angleFrom = (byte)(EdgeAngleTolerance - direction + ai);
                var angleTo = (byte)(EdgeAngleTolerance - direction + work.ProbeAngle[j]);
                var low = Math.Max(length - EdgeLengthTolerance, 0);
                var high = Math.Min(length + EdgeLengthTolerance, LengthBuckets - 1);
                var fromShift = Vector128.Create(angleFrom);
                var toShift = Vector128.Create(angleTo);
                var limit = Vector128.Create((byte)(2 * EdgeAngleTolerance));
                var end = start[high + 1];

                // Sixteen edges at a time (the edge arrays are padded so a block may run past the window).
                for (int block = start[low]; block < end; block += Vector128<byte>.Count)
                {
                    var fromErrors = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(edgeAngleFrom), (nuint)block) + fromShift;
                    var toErrors = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(edgeAngleTo), (nuint)block) + toShift;
                    var within = Vector128.LessThanOrEqual(fromErrors, limit) & Vector128.LessThanOrEqual(toErrors, limit);
                    var mask = within.ExtractMostSignificantBits();
                    if (end - block < Vector128<byte>.Count)
                    {
                        mask &= (1u << (end - block)) - 1;
                    }

                    while (mask != 0)
                    {
                        var e = block + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        var fromError = (byte)(edgeAngleFrom[e] + angleFrom);
                        var toError = (byte)(edgeAngleTo[e] + angleTo);
                        var lengthError = Math.Abs(edgeLength[e] - length);
                        var cost = (ulong)((lengthError * 4) + Math.Abs(fromError - EdgeAngleTolerance) + Math.Abs(toError - EdgeAngleTolerance));
                        var candidate = (cost << 48) | ((ulong)edgeFrom[e] << 24) | ((ulong)edgeTo[e] << 16) | ((ulong)i << 8) | j;

                        // Vote for the rotation this correspondence implies, and keep it if it is among its rotation bin's best.
                        RotationVotes.Vote(hits, fill, seed, (edgeAngleFrom[e] + referenceAngle[edgeFrom[e]] - direction) & 0xFF, candidate);
                    }
                }
            }
        }

        // The rotation bins with the most votes hold the likely alignments: try their seeds, best bin first.
        return work.Votes.SelectSeeds();
    }

    /// <summary>Buckets the reference minutiae into square cells of <see cref="CellShift"/> so that the consolidation looks at a few cells, not every minutia.</summary>
    private static void BuildGrid(ref LocalStructureWorkspace work, int count)
    {
        Span<ushort> start = work.CellStart;
        Span<byte> member = work.CellMember;
        ReadOnlySpan<byte> x = work.ReferenceX, y = work.ReferenceY;
        start.Clear();
        for (var i = 0; i < count; i++)
        {
            start[Cell(x[i], y[i]) + 1]++;
        }

        for (var c = 1; c <= GridCells; c++)
        {
            start[c] += start[c - 1];
        }

        for (var i = 0; i < count; i++)
        {
            member[start[Cell(x[i], y[i])]++] = (byte)i;
        }

        for (var c = GridCells; c > 0; c--)
        {
            start[c] = start[c - 1];
        }

        start[0] = 0;
    }

    private static int Cell(int x, int y) => ((y >> CellShift) << (8 - CellShift)) | (x >> CellShift);

    /// <summary>
    /// Aligns the probe on one seed's edge, pairs minutiae one to one inside the tolerance box, then
    /// re-estimates the rigid motion from all those pairs (least squares, in integers) and pairs again.
    /// </summary>
    /// <returns>The pair count of the refined alignment.</returns>
    private static int Consolidate(ref LocalStructureWorkspace work, int referenceCount, int probeCount, ulong seed, int best)
    {
        int ri = (int)(seed >> 24) & 0xFF, rj = (int)(seed >> 16) & 0xFF, pi = (int)(seed >> 8) & 0xFF, pj = (int)seed & 0xFF;
        ReadOnlySpan<byte> rx = work.ReferenceX, ry = work.ReferenceY;
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY;
        var rotation = (MatcherTables.Atan2(rx[rj] - rx[ri], ry[rj] - ry[ri]) - MatcherTables.Atan2(px[pj] - px[pi], py[pj] - py[pi])) & 0xFF;

        // Centres in 1/16 units: the seed edges' midpoints.
        var motion = new RigidMotion(rotation, 8 * (px[pi] + px[pj]), 8 * (py[pi] + py[pj]), 8 * (rx[ri] + rx[rj]), 8 * (ry[ri] + ry[rj]));
        Span<byte> pairedWith = work.PairedWith;
        var pairs = Pair(ref work, referenceCount, probeCount, motion, RefinePairDistance, pairedWith);

        // The wider first box pairs at least as many as the refined one will, nearly always: a seed that
        // cannot beat the best alignment so far is not refined.
        if (pairs < 3 || pairs <= best)
        {
            return pairs;
        }

        // Least-squares rotation about the paired minutiae's centroids.
        var refined = RigidMotion.FitToPairs(rx, ry, px, py, pairedWith, probeCount, pairs);
        return Pair(ref work, referenceCount, probeCount, refined, PairDistance, pairedWith);
    }

    /// <summary>Moves each probe minutia into the reference frame and pairs it with the nearest free reference minutia inside the box.</summary>
    /// <returns>The number of pairs; <paramref name="pairedWith"/> holds each probe minutia's reference or <see cref="NotPaired"/>.</returns>
    private static int Pair(ref LocalStructureWorkspace work, int referenceCount, int probeCount, RigidMotion motion, int tolerance, Span<byte> pairedWith)
    {
        ReadOnlySpan<byte> rx = work.ReferenceX, ry = work.ReferenceY, ra = work.ReferenceAngle;
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY, pa = work.ProbeAngle;
        ReadOnlySpan<ushort> cellStart = work.CellStart;
        ReadOnlySpan<byte> cellMember = work.CellMember;
        var sine = MatcherTables.Sine;
        int sin = sine[motion.Rotation], cos = sine[(motion.Rotation + 64) & 0xFF];
        ulong paired = 0;
        var pairs = 0;
        for (var p = 0; p < probeCount; p++)
        {
            int dx = (px[p] << 4) - motion.ProbeX, dy = (py[p] << 4) - motion.ProbeY;
            var x = (motion.ReferenceX + (((dx * cos) - (dy * sin)) >> MatcherTables.SineShift) + 8) >> 4;
            var y = (motion.ReferenceY + (((dx * sin) + (dy * cos)) >> MatcherTables.SineShift) + 8) >> 4;
            var angle = (pa[p] + motion.Rotation) & 0xFF;

            var bestDistance = (tolerance * tolerance) + 1;
            var bestReference = NotPaired;
            int cellX0 = Math.Max(x - tolerance, 0) >> CellShift, cellX1 = Math.Min(x + tolerance, 255) >> CellShift;
            int cellY0 = Math.Max(y - tolerance, 0) >> CellShift, cellY1 = Math.Min(y + tolerance, 255) >> CellShift;
            for (var cellY = cellY0; cellY <= cellY1; cellY++)
            {
                for (var cellX = cellX0; cellX <= cellX1; cellX++)
                {
                    var cell = (cellY << (8 - CellShift)) | cellX;
                    for (int k = cellStart[cell], end = cellStart[cell + 1]; k < end; k++)
                    {
                        var r = cellMember[k];
                        int ddx = rx[r] - x, ddy = ry[r] - y;
                        var d = (ddx * ddx) + (ddy * ddy);
                        if (d < bestDistance && (paired & (1UL << r)) == 0 && MatcherTables.AngleDistance(ra[r], angle) <= PairAngle)
                        {
                            bestDistance = d;
                            bestReference = r;
                        }
                    }
                }
            }

            pairedWith[p] = (byte)bestReference;
            if (bestReference != NotPaired)
            {
                paired |= 1UL << bestReference;
                pairs++;
            }
        }

        return pairs;
    }

}
