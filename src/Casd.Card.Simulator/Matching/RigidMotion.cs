namespace Casd.Card.Simulator.Matching;

/// <summary>
/// A rotation (binary degrees) about a probe point that lands it on a reference point, both in
/// 1/16 units: how a matcher lays the probe over the reference. Both card matchers refine the
/// motion a seed gave with <see cref="FitToPairs"/>.
/// </summary>
internal readonly record struct RigidMotion(int Rotation, int ProbeX, int ProbeY, int ReferenceX, int ReferenceY)
{
    /// <summary>The marker of a probe minutia without a reference partner.</summary>
    public const byte NotPaired = 0xFF;

    /// <summary>
    /// The rigid motion that best fits the current pairs (least squares, integers only): the paired
    /// minutiae's centroids, then the rotation atan2(Σ cross, Σ dot) about them.
    /// </summary>
    /// <param name="referenceX">The reference minutiae's X.</param>
    /// <param name="referenceY">The reference minutiae's Y.</param>
    /// <param name="probeX">The probe minutiae's X.</param>
    /// <param name="probeY">The probe minutiae's Y.</param>
    /// <param name="pairedWith">Per probe minutia, its reference partner or <see cref="NotPaired"/>.</param>
    /// <param name="probeCount">The number of probe minutiae.</param>
    /// <param name="pairs">The number of pairs in <paramref name="pairedWith"/> (at least 1).</param>
    /// <returns>The fitted motion.</returns>
    public static RigidMotion FitToPairs(ReadOnlySpan<byte> referenceX, ReadOnlySpan<byte> referenceY, ReadOnlySpan<byte> probeX, ReadOnlySpan<byte> probeY, ReadOnlySpan<byte> pairedWith, int probeCount, int pairs)
    {
        int sumPx = 0, sumPy = 0, sumRx = 0, sumRy = 0;
        for (var p = 0; p < probeCount; p++)
        {
            var r = pairedWith[p];
            if (r != NotPaired)
            {
                sumPx += probeX[p];
                sumPy += probeY[p];
                sumRx += referenceX[r];
                sumRy += referenceY[r];
            }
        }

        int centreProbeX = (sumPx << 4) / pairs, centreProbeY = (sumPy << 4) / pairs;
        int centreReferenceX = (sumRx << 4) / pairs, centreReferenceY = (sumRy << 4) / pairs;
        int dot = 0, cross = 0;
        for (var p = 0; p < probeCount; p++)
        {
            var r = pairedWith[p];
            if (r != NotPaired)
            {
                int ax = (probeX[p] << 4) - centreProbeX, ay = (probeY[p] << 4) - centreProbeY;
                int bx = (referenceX[r] << 4) - centreReferenceX, by = (referenceY[r] << 4) - centreReferenceY;

                // Vectors in 1/16 units reach ±4096: scale the products down so that 64 of them fit an int.
                dot += ((ax * bx) + (ay * by)) >> 8;
                cross += ((ax * by) - (ay * bx)) >> 8;
            }
        }

        while (Math.Abs(dot) > (1 << 22) || Math.Abs(cross) > (1 << 22))
        {
            dot >>= 1;
            cross >>= 1;
        }

        return new RigidMotion(MatcherTables.Atan2(dot, cross), centreProbeX, centreProbeY, centreReferenceX, centreReferenceY);
    }
}
