using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>Enrolment: the reference's local structures, computed once and stored by the card.</summary>
public sealed partial class ElasticMatcher
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="prepared"/> is shorter than <see cref="GetPreparedReferenceLength"/>.</exception>
    public int PrepareReference(ReadOnlySpan<byte> reference, Span<byte> prepared)
    {
        if (prepared.Length < GetPreparedReferenceLength(reference))
        {
            throw new ArgumentException("The destination is shorter than the prepared reference.", nameof(prepared));
        }

        Unsafe.SkipInit(out ElasticPrepareWorkspace work);
        try
        {
            return Prepare(ref work, reference, prepared);
        }
        finally
        {
            Unsafe.InitBlockUnaligned(ref Unsafe.As<ElasticPrepareWorkspace, byte>(ref work), 0, (uint)Unsafe.SizeOf<ElasticPrepareWorkspace>());
        }
    }

    private int Prepare(ref ElasticPrepareWorkspace work, ReadOnlySpan<byte> reference, Span<byte> prepared)
    {
        var count = CardMinutiae.Count(reference, MinutiaeCapacity);
        var neighbours = _tolerances.ReferenceNeighbours;

        // Minutiae first: the edges need them. Their place does not depend on the edge count, known only after the neighbour search.
        var x = prepared.Slice(PreparedLayout.X, count);
        var y = prepared.Slice(PreparedLayout.X + count, count);
        var angle = prepared.Slice(PreparedLayout.X + (2 * count), count);
        CardMinutiae.DecodeSorted(reference, count, work.SortKey, x, y, angle);

        Span<byte> from = work.From, to = work.To, length = work.Length;
        Span<int> distance = stackalloc int[MaxNeighbours];
        Span<byte> neighbour = stackalloc byte[MaxNeighbours];
        var edges = 0;
        for (var i = 0; i < count; i++)
        {
            var n = NearestNeighbours(x, y, count, i, neighbour[..neighbours], distance[..neighbours]);
            for (var k = 0; k < n; k++)
            {
                var d = MatcherTables.SquareRoot(distance[k]);
                if (d <= MaxEdgeLength)
                {
                    from[edges] = (byte)i;
                    to[edges] = neighbour[k];
                    length[edges] = (byte)d;
                    edges++;
                }
            }
        }

        var layout = new PreparedLayout(count, edges);
        prepared[layout.BucketStart..layout.Length].Clear();
        prepared[0] = PreparedLayout.Format;
        prepared[1] = (byte)count;
        BinaryPrimitives.WriteUInt16LittleEndian(prepared[2..], (ushort)edges);
        WriteEdges(prepared, layout, from, to, length);
        return layout.Length;
    }

    /// <summary>Counting-sorts the edges into length buckets and writes their relative angles.</summary>
    private static void WriteEdges(Span<byte> prepared, PreparedLayout layout, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, ReadOnlySpan<byte> length)
    {
        var count = layout.Count;
        ReadOnlySpan<byte> x = prepared.Slice(PreparedLayout.X, count), y = prepared.Slice(layout.Y, count), angle = prepared.Slice(layout.Angle, count);
        Span<ushort> start = stackalloc ushort[LengthBuckets + 1];
        start.Clear();
        for (var e = 0; e < layout.Edges; e++)
        {
            start[(length[e] >> LengthBucketShift) + 1]++;
        }

        for (var b = 1; b <= LengthBuckets; b++)
        {
            start[b] += start[b - 1];
        }

        var bucketStart = prepared.Slice(layout.BucketStart, (LengthBuckets + 1) * 2);
        for (var b = 0; b <= LengthBuckets; b++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bucketStart[(b * 2)..], start[b]);
        }

        var edgeLength = prepared.Slice(layout.EdgeLength, layout.Padded);
        var edgeFrom = prepared.Slice(layout.EdgeFrom, layout.Padded);
        var edgeTo = prepared.Slice(layout.EdgeTo, layout.Padded);
        var edgeAngleFrom = prepared.Slice(layout.EdgeAngleFrom, layout.Padded);
        var edgeAngleTo = prepared.Slice(layout.EdgeAngleTo, layout.Padded);
        for (var e = 0; e < layout.Edges; e++)
        {
            int i = from[e], j = to[e];
            var direction = MatcherTables.Atan2(x[j] - x[i], y[j] - y[i]);
            var slot = start[length[e] >> LengthBucketShift]++;
            edgeLength[slot] = length[e];
            edgeFrom[slot] = (byte)i;
            edgeTo[slot] = (byte)j;
            edgeAngleFrom[slot] = (byte)(direction - angle[i]);
            edgeAngleTo[slot] = (byte)(direction - angle[j]);
        }
    }
}
