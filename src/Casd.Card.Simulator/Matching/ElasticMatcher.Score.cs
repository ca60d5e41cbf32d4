namespace Casd.Card.Simulator.Matching;

/// <summary>The score and the decision thresholds.</summary>
public sealed partial class ElasticMatcher
{
    // Decision thresholds (docs/matcher.md, "Decision thresholds"): measured on the pooled impostor population.
    private const int Threshold1In1000 = 231;
    private const int Threshold1In10000 = 309;
    private const int Threshold1In100000 = 336;

    /// <summary>
    /// The score of <paramref name="pairs"/> paired minutiae: 1000·k²/(n_r·n_p). With an overlap limit,
    /// each template counts only its minutiae inside the area the other covers once aligned (its
    /// bounding box, widened by the pairing distance), but never fewer than the limit: a small overlap
    /// is not held against a genuine pair, while a few chance pairs in a tiny overlap cannot score high.
    /// </summary>
    private int Score(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, int probeCount, int pairs, RigidMotion motion)
    {
        if (pairs == 0)
        {
            return 0;
        }

        int referenceCount = layout.Count, probeCounted = probeCount;
        var minimum = _tolerances.MinimumOverlapMinutiae;
        if (minimum > 0)
        {
            (referenceCount, probeCounted) = OverlapCounts(ref work, prepared, layout, probeCount, motion);
            referenceCount = Math.Clamp(referenceCount, Math.Min(Math.Max(minimum, pairs), layout.Count), layout.Count);
            probeCounted = Math.Clamp(probeCounted, Math.Min(Math.Max(minimum, pairs), probeCount), probeCount);
        }

        return Math.Min(pairs * pairs * MaxScore / (referenceCount * probeCounted), MaxScore);
    }

    /// <summary>Counts the reference minutiae inside the aligned probe's bounding box and the aligned probe minutiae inside the reference's, both widened by the pairing distance.</summary>
    private (int Reference, int Probe) OverlapCounts(ref ElasticWorkspace work, ReadOnlySpan<byte> prepared, PreparedLayout layout, int probeCount, RigidMotion motion)
    {
        var count = layout.Count;
        ReadOnlySpan<byte> rx = prepared.Slice(PreparedLayout.X, count), ry = prepared.Slice(layout.Y, count);
        ReadOnlySpan<byte> px = work.ProbeX, py = work.ProbeY;
        var margin = _tolerances.PairDistance;

        // The reference is sorted by X: its X range is its first and last minutia.
        int referenceMinX = rx[0] - margin, referenceMaxX = rx[count - 1] + margin, referenceMinY = int.MaxValue, referenceMaxY = int.MinValue;
        for (var r = 0; r < count; r++)
        {
            referenceMinY = Math.Min(referenceMinY, ry[r]);
            referenceMaxY = Math.Max(referenceMaxY, ry[r]);
        }

        referenceMinY -= margin;
        referenceMaxY += margin;
        var sine = MatcherTables.Sine;
        int sin = sine[motion.Rotation], cos = sine[(motion.Rotation + 64) & 0xFF];
        int probeMinX = int.MaxValue, probeMaxX = int.MinValue, probeMinY = int.MaxValue, probeMaxY = int.MinValue;
        var probeInside = 0;
        for (var p = 0; p < probeCount; p++)
        {
            int dx = (px[p] << 4) - motion.ProbeX, dy = (py[p] << 4) - motion.ProbeY;
            var x = (motion.ReferenceX + (((dx * cos) - (dy * sin)) >> MatcherTables.SineShift) + 8) >> 4;
            var y = (motion.ReferenceY + (((dx * sin) + (dy * cos)) >> MatcherTables.SineShift) + 8) >> 4;
            probeMinX = Math.Min(probeMinX, x);
            probeMaxX = Math.Max(probeMaxX, x);
            probeMinY = Math.Min(probeMinY, y);
            probeMaxY = Math.Max(probeMaxY, y);
            if (x >= referenceMinX && x <= referenceMaxX && y >= referenceMinY && y <= referenceMaxY)
            {
                probeInside++;
            }
        }

        var referenceInside = 0;
        for (var r = 0; r < count; r++)
        {
            if (rx[r] >= probeMinX - margin && rx[r] <= probeMaxX + margin && ry[r] >= probeMinY - margin && ry[r] <= probeMaxY + margin)
            {
                referenceInside++;
            }
        }

        return (referenceInside, probeInside);
    }
}
