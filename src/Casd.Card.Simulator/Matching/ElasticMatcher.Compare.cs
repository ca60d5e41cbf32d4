using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Casd.Card.Simulator.Matching;

/// <summary>Verification: a probe against a prepared reference.</summary>
public sealed partial class ElasticMatcher
{
    /// <inheritdoc/>
    public int ComparePrepared(ReadOnlySpan<byte> prepared, ReadOnlySpan<byte> probe)
    {
        var probeCount = CardMinutiae.Count(probe, MinutiaeCapacity);
        if (probeCount < 2 || !TryReadLayout(prepared, out var layout) || layout.Count < 2)
        {
            return 0;
        }

        // Every part of the workspace is written before it is read, so it is not cleared first; it is cleared after use.
        Unsafe.SkipInit(out ElasticWorkspace work);
        try
        {
            return CompareCore(ref work, prepared, layout, probe, probeCount);
        }
        finally
        {
            // Minutiae are biometric data: leave nothing of them on the stack.
            Unsafe.InitBlockUnaligned(ref Unsafe.As<ElasticWorkspace, byte>(ref work), 0, (uint)Unsafe.SizeOf<ElasticWorkspace>());
        }
    }

    /// <summary>
    /// Checks that bytes are a prepared reference this matcher wrote: the format, the lengths, and every
    /// index inside its array, so that a damaged or foreign store scores 0 instead of reading out of range.
    /// </summary>
    private static bool TryReadLayout(ReadOnlySpan<byte> prepared, out PreparedLayout layout)
    {
        layout = default;
        if (prepared.Length < PreparedLayout.HeaderLength || prepared[0] != PreparedLayout.Format)
        {
            return false;
        }

        int count = prepared[1], edges = BinaryPrimitives.ReadUInt16LittleEndian(prepared[2..]);
        if (count > MinutiaeCapacity || edges > count * MaxNeighbours)
        {
            return false;
        }

        layout = new PreparedLayout(count, edges);
        if (prepared.Length != layout.Length
            || prepared.Slice(layout.EdgeFrom, 2 * layout.Padded).IndexOfAnyInRange((byte)Math.Max(count, 1), byte.MaxValue) >= 0
            || prepared.Slice(layout.EdgeLength, layout.Padded).IndexOfAnyInRange((byte)(MaxEdgeLength + 1), byte.MaxValue) >= 0)
        {
            return false;
        }

        // Monotone starts ending at the edge count keep every block start inside the edge arrays.
        ref var bucketStart = ref MemoryMarshal.GetReference(prepared.Slice(layout.BucketStart, (LengthBuckets + 1) * 2));
        for (var b = 0; b < LengthBuckets; b++)
        {
            if (ReadStartUnchecked(ref bucketStart, b) > ReadStartUnchecked(ref bucketStart, b + 1))
            {
                return false;
            }
        }

        return ReadStartUnchecked(ref bucketStart, LengthBuckets) == edges;
    }

    private int CompareCore(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, ReadOnlySpan<byte> probe, int probeCount)
    {
        CardMinutiae.DecodeSorted(probe, probeCount, work.SortKey, work.ProbeX, work.ProbeY, work.ProbeAngle);
        var seedCount = FindSeeds(ref work, prepared, layout, probeCount);

        var best = 0;
        var bestMotion = default(RigidMotion);
        Span<byte> bestPairs = work.BestPairedWith;
        for (var s = 0; s < seedCount; s++)
        {
            // Three quarters of the smaller template paired: no other alignment of a rigid-ish finger can do much better.
            if (4 * best >= 3 * Math.Min(layout.Count, probeCount))
            {
                break;
            }

            // A seed whose edge the best alignment already pairs would only find that alignment again.
            var seed = work.Votes.Selected[s];
            if (best > 0 && bestPairs[(int)(seed >> 8) & 0xFF] == ((seed >> 24) & 0xFF) && bestPairs[(int)seed & 0xFF] == ((seed >> 16) & 0xFF))
            {
                continue;
            }

            var paired = Consolidate(ref work, prepared, layout, probeCount, seed, best, out var motion);
            if (paired > best)
            {
                best = paired;
                bestMotion = motion;
                work.PairedWith[..probeCount].CopyTo(bestPairs);
            }
        }

        return Score(ref work, prepared, layout, probeCount, best, bestMotion);
    }

    /// <summary>Compares every probe edge with the reference edges of similar length and keeps the cheapest correspondences of each rotation bin as seeds.</summary>
    private int FindSeeds(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, int probeCount)
    {
        var probeNeighbours = _tolerances.ProbeNeighbours;
        Span<int> distance = stackalloc int[MaxNeighbours];
        Span<byte> neighbour = stackalloc byte[MaxNeighbours];
        distance = distance[..probeNeighbours];
        neighbour = neighbour[..probeNeighbours];
        work.Votes.Clear();
        Span<ulong> seed = work.Votes.Seed;
        Span<ushort> hits = work.Votes.Hits;
        Span<byte> fill = work.Votes.Fill;
        ReadOnlySpan<byte> probeX = work.ProbeX, probeY = work.ProbeY, probeAngle = work.ProbeAngle;
        ReadOnlySpan<byte> edgeLength = prepared.Slice(layout.EdgeLength, layout.Padded);
        ReadOnlySpan<byte> edgeFrom = prepared.Slice(layout.EdgeFrom, layout.Padded), edgeTo = prepared.Slice(layout.EdgeTo, layout.Padded);
        ReadOnlySpan<byte> edgeAngleFrom = prepared.Slice(layout.EdgeAngleFrom, layout.Padded), edgeAngleTo = prepared.Slice(layout.EdgeAngleTo, layout.Padded);
        ReadOnlySpan<byte> bucketStart = prepared.Slice(layout.BucketStart, (LengthBuckets + 1) * 2);
        ReadOnlySpan<byte> referenceAngle = prepared.Slice(layout.Angle, layout.Count);
        ref var lengthBase = ref MemoryMarshal.GetReference(edgeLength);
        ref var angleFromBase = ref MemoryMarshal.GetReference(edgeAngleFrom);
        ref var angleToBase = ref MemoryMarshal.GetReference(edgeAngleTo);
        ref var startBase = ref MemoryMarshal.GetReference(bucketStart);
        int edgeAngle = _edgeAngle, edgeTolerance = _edgeLength, edgeStrain = _edgeStrain;
        var angleLimit = Vector128.Create((byte)(2 * edgeAngle));
        for (var i = 0; i < probeCount; i++)
        {
            var n = NearestNeighbours(probeX, probeY, probeCount, i, neighbour, distance);
            int xi = probeX[i], yi = probeY[i], ai = probeAngle[i];
            for (var k = 0; k < n; k++)
            {
                var length = MatcherTables.SquareRoot(distance[k]);
                if (length > MaxEdgeLength)
                {
                    continue;
                }

                var j = neighbour[k];
                var direction = MatcherTables.Atan2(probeX[j] - xi, probeY[j] - yi);

                // The length tolerance grows with the length: skin strain stretches long edges more.
                var tolerance = Math.Min(edgeTolerance + ((length * edgeStrain) >> 10), MaxEdgeLengthTolerance);

                // Each test is shifted by its tolerance so that one unsigned byte comparison checks |error| ≤ tolerance
                // (exact for angles, circular; exact for lengths since both are at most MaxEdgeLength).
                var lengthShift = (byte)(tolerance - length);
                var angleFrom = (byte)(edgeAngle - direction + ai);
                var angleTo = (byte)(edgeAngle - direction + probeAngle[j]);
                var lengthShiftVector = Vector128.Create(lengthShift);
                var lengthLimit = Vector128.Create((byte)(2 * tolerance));
                var fromShift = Vector128.Create(angleFrom);
                var toShift = Vector128.Create(angleTo);
                var end = ReadStartUnchecked(ref startBase, Math.Min((length + tolerance) >> LengthBucketShift, LengthBuckets - 1) + 1);

                // Sixteen edges at a time; the edge arrays are padded to 16, and the mask drops lanes past the window's end.
                for (var block = ReadStartUnchecked(ref startBase, Math.Max(length - tolerance, 0) >> LengthBucketShift); block < end; block += Vector128<byte>.Count)
                {
                    var lengthErrors = Vector128.LoadUnsafe(ref lengthBase, (nuint)block) + lengthShiftVector;
                    var fromErrors = Vector128.LoadUnsafe(ref angleFromBase, (nuint)block) + fromShift;
                    var toErrors = Vector128.LoadUnsafe(ref angleToBase, (nuint)block) + toShift;
                    var within = Vector128.LessThanOrEqual(lengthErrors, lengthLimit) & Vector128.LessThanOrEqual(fromErrors, angleLimit) & Vector128.LessThanOrEqual(toErrors, angleLimit);
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
                        var cost = (ulong)((lengthError * 4) + Math.Abs(fromError - edgeAngle) + Math.Abs(toError - edgeAngle));
                        int from = edgeFrom[e];
                        var candidate = (cost << 48) | ((ulong)from << 24) | ((ulong)edgeTo[e] << 16) | ((ulong)i << 8) | j;

                        // Vote for the rotation this correspondence implies; keep it if it is among its bin's cheapest.
                        RotationVotes.Vote(hits, fill, seed, (edgeAngleFrom[e] + referenceAngle[from] - direction) & 0xFF, candidate);
                    }
                }
            }
        }

        return work.Votes.SelectSeeds();
    }

    /// <summary>
    /// Aligns the probe on one seed's edge and pairs minutiae in the wide box, then re-estimates the
    /// rigid motion from all those pairs (integer least squares) and pairs again with the elastic box.
    /// </summary>
    /// <returns>The pair count of the refined alignment.</returns>
    private int Consolidate(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, int probeCount, ulong seed, int best, out RigidMotion motion)
    {
        int ri = (int)(seed >> 24) & 0xFF, rj = (int)(seed >> 16) & 0xFF, pi = (int)(seed >> 8) & 0xFF, pj = (int)seed & 0xFF;
        ReadOnlySpan<byte> rx = prepared.Slice(PreparedLayout.X, layout.Count), ry = prepared.Slice(layout.Y, layout.Count);
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY;
        var rotation = (MatcherTables.Atan2(rx[rj] - rx[ri], ry[rj] - ry[ri]) - MatcherTables.Atan2(px[pj] - px[pi], py[pj] - py[pi])) & 0xFF;

        // Centres in 1/16 units: the seed edges' midpoints.
        motion = new RigidMotion(rotation, 8 * (px[pi] + px[pj]), 8 * (py[pi] + py[pj]), 8 * (rx[ri] + rx[rj]), 8 * (ry[ri] + ry[rj]));
        Span<byte> pairedWith = work.PairedWith;
        var pairs = Pair(ref work, prepared, layout, probeCount, motion, _tolerances.SeedPairDistance, 0, best, pairedWith);

        // The wide first box pairs at least as many as the refined one nearly always: a seed that cannot beat the best so far is not refined.
        if (pairs < 3 || pairs <= best)
        {
            return pairs;
        }

        motion = RigidMotion.FitToPairs(prepared.Slice(PreparedLayout.X, layout.Count), prepared.Slice(layout.Y, layout.Count), work.ProbeX, work.ProbeY, work.PairedWith, probeCount, pairs);
        return Pair(ref work, prepared, layout, probeCount, motion, _tolerances.PairDistance, _pairStrain, best, pairedWith);
    }

    /// <summary>
    /// Moves each probe minutia into the reference frame and pairs it with the nearest free reference
    /// minutia inside its box: <paramref name="distance"/> at the motion's centre, widened by
    /// <paramref name="strain"/>/1024 of the distance from it (elastic distortion grows outwards).
    /// The reference minutiae are tested 16 at a time (square box, direction, not yet paired); the few
    /// that pass are then ranked by squared distance, the nearest within the box winning (ties: the lower index).
    /// </summary>
    /// <returns>
    /// The number of pairs; <paramref name="pairedWith"/> holds each probe minutia's reference or <see cref="NotPaired"/>.
    /// Once the minutiae left cannot lift the count above <paramref name="best"/>, it stops and returns a count no higher than that.
    /// </returns>
    private int Pair(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, int probeCount, RigidMotion motion, int distance, int strain, int best, Span<byte> pairedWith)
    {
        var count = layout.Count;

        // Vector loads of 16 bytes from each minutia array stay inside the prepared reference: the bucket
        // starts (204 bytes) follow the last of them; lanes at or past the count are masked off.
        ref var xBase = ref MemoryMarshal.GetReference(prepared.Slice(PreparedLayout.X, count));
        ref var yBase = ref MemoryMarshal.GetReference(prepared.Slice(layout.Y, count));
        ref var angleBase = ref MemoryMarshal.GetReference(prepared.Slice(layout.Angle, count));
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY, pa = work.ProbeAngle;
        var sine = MatcherTables.Sine;
        int sin = sine[motion.Rotation], cos = sine[(motion.Rotation + 64) & 0xFF];
        int centreX = (motion.ReferenceX + 8) >> 4, centreY = (motion.ReferenceY + 8) >> 4;
        var pairAngle = _pairAngle;
        var angleLimit = Vector128.Create((byte)(2 * pairAngle));
        ulong paired = 0;
        var pairs = 0;
        for (var p = 0; p < probeCount; p++)
        {
            int dx = (px[p] << 4) - motion.ProbeX, dy = (py[p] << 4) - motion.ProbeY;
            var x = (motion.ReferenceX + (((dx * cos) - (dy * sin)) >> MatcherTables.SineShift) + 8) >> 4;
            var y = (motion.ReferenceY + (((dx * sin) + (dy * cos)) >> MatcherTables.SineShift) + 8) >> 4;
            var angle = (pa[p] + motion.Rotation) & 0xFF;

            // Distance from the centre by the octagon rule max + min/2 (within 12% of the true length, no square
            // root), without branches: the positions are random, so branches would mispredict half the time.
            int ax = x - centreX, ay = y - centreY;
            ax = (ax ^ (ax >> 31)) - (ax >> 31);
            ay = (ay ^ (ay >> 31)) - (ay >> 31);
            var swap = (ax - ay) & ((ax - ay) >> 31);
            var radius = ax - swap + ((ay + swap) >> 1);
            var tolerance = Math.Min(distance + ((radius * strain) >> 10), MaxPairDistance);

            var bestDistance = (tolerance * tolerance) + 1;
            int bestReference = NotPaired;

            // Moved far off the reference's square (rotation about a far centre): nothing can be in its box,
            // and the 16-bit differences below stay exact for everything nearer.
            if ((uint)(x + tolerance) <= 255 + (2 * MaxPairDistance) && (uint)(y + tolerance) <= 255 + (2 * MaxPairDistance))
            {
                // |r − p| ≤ t as one unsigned comparison of (r − p + t) with 2t, in 16-bit lanes.
                var shiftX = Vector128.Create((short)(tolerance - x));
                var shiftY = Vector128.Create((short)(tolerance - y));
                var limit = Vector128.Create((ushort)(2 * tolerance));
                var angleShift = Vector128.Create((byte)(pairAngle - angle));
                for (var block = 0; block < count; block += Vector128<byte>.Count)
                {
                    var rx = Vector128.LoadUnsafe(ref xBase, (nuint)block);
                    var ry = Vector128.LoadUnsafe(ref yBase, (nuint)block);
                    var inX = Within(rx, shiftX, limit);
                    var inY = Within(ry, shiftY, limit);
                    var inAngle = Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref angleBase, (nuint)block) + angleShift, angleLimit).ExtractMostSignificantBits();
                    var mask = inX & inY & inAngle & ~(uint)(paired >> block) & 0xFFFF;
                    if (count - block < Vector128<byte>.Count)
                    {
                        mask &= (1u << (count - block)) - 1;
                    }

                    while (mask != 0)
                    {
                        var r = block + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        int ddx = Unsafe.Add(ref xBase, r) - x, ddy = Unsafe.Add(ref yBase, r) - y;
                        var d = (ddx * ddx) + (ddy * ddy);
                        var closer = d < bestDistance;
                        bestDistance = closer ? d : bestDistance;
                        bestReference = closer ? r : bestReference;
                    }
                }
            }

            pairedWith[p] = (byte)bestReference;
            if (bestReference != NotPaired)
            {
                paired |= 1UL << bestReference;
                pairs++;
            }
            else if (pairs + (probeCount - p - 1) <= best)
            {
                // This alignment can no longer beat the best one: its exact count does not matter.
                return pairs;
            }
        }

        return pairs;
    }

    /// <summary>Which of 16 unsigned byte coordinates lie within the tolerance of a point: bit i set when |c[i] − p| ≤ t, given (t − p) and 2t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Within(Vector128<byte> coordinates, Vector128<short> shift, Vector128<ushort> limit)
    {
        var (low, high) = Vector128.Widen(coordinates);
        var lowIn = Vector128.LessThanOrEqual((low.AsInt16() + shift).AsUInt16(), limit);
        var highIn = Vector128.LessThanOrEqual((high.AsInt16() + shift).AsUInt16(), limit);
        return lowIn.ExtractMostSignificantBits() | (highIn.ExtractMostSignificantBits() << 8);
    }
}
