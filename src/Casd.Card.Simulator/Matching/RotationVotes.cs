using System.Runtime.CompilerServices;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The rotation vote both card matchers find their alignments with: every edge correspondence
/// votes for the rotation it implies, each rotation bin keeps its cheapest correspondences as
/// seeds, and the consolidation tries the seeds of the most-voted bins. A genuine pair agrees on
/// one rotation, so its votes pile up in one bin; an impostor's spread out. Part of a matcher's
/// fixed workspace (no allocation); the constants are docs/matcher.md's (decision 0050).
/// </summary>
internal struct RotationVotes
{
    /// <summary>The rotation bins as a shift of the 256 binary degrees: 32 bins of 11.25°, wider than the direction error of one minutia.</summary>
    public const int BinShift = 3;

    /// <summary>The number of rotation bins.</summary>
    public const int Bins = 256 >> BinShift;

    /// <summary>The cheapest correspondences kept per rotation bin (fewer measured worse).</summary>
    public const int SeedsPerBin = 3;

    /// <summary>The most-voted rotation bins whose seeds may be tried.</summary>
    public const int BinsTried = 3;

    /// <summary>
    /// How many times the average vote the best bin needs before the next bins are tried too: a flat
    /// vote (no agreed rotation, as for most impostors) gets only its best bin's seeds.
    /// </summary>
    public const int PeakRatio = 4;

    /// <summary>The seeds of every bin, cheapest first (cost in the top 16 bits, then the four minutia indices).</summary>
    public SeedLongs Seed;

    /// <summary>The votes of each rotation bin.</summary>
    public BinShorts Hits;

    /// <summary>How many seeds each rotation bin holds.</summary>
    public BinBytes Fill;

    /// <summary>The seeds the consolidation tries, best bin first.</summary>
    public SelectedLongs Selected;

    /// <summary>Forgets the votes of the previous comparison.</summary>
    public void Clear()
    {
        ((Span<ushort>)Hits).Clear();
        ((Span<byte>)Fill).Clear();
    }

    /// <summary>
    /// Counts a correspondence's vote for its rotation and keeps it if it is among its bin's
    /// cheapest. Static over spans the caller took once, so the matchers' inner loops stay as tight
    /// as when each wrote it inline.
    /// </summary>
    /// <param name="hits">The <see cref="Hits"/> span.</param>
    /// <param name="fill">The <see cref="Fill"/> span.</param>
    /// <param name="seed">The <see cref="Seed"/> span.</param>
    /// <param name="rotation">The rotation the correspondence implies, in binary degrees (0–255).</param>
    /// <param name="candidate">The correspondence: cost in the top bits, so a smaller value is a cheaper seed.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Vote(Span<ushort> hits, Span<byte> fill, Span<ulong> seed, int rotation, ulong candidate)
    {
        var bin = rotation >> BinShift;
        hits[bin]++;
        var binSeeds = seed.Slice(bin * SeedsPerBin, SeedsPerBin);
        int filled = fill[bin];
        if (filled == SeedsPerBin && candidate >= binSeeds[SeedsPerBin - 1])
        {
            return;
        }

        var slot = filled < SeedsPerBin ? filled : SeedsPerBin - 1;
        fill[bin] = (byte)Math.Max(slot + 1, filled);
        while (slot > 0 && binSeeds[slot - 1] > candidate)
        {
            binSeeds[slot] = binSeeds[slot - 1];
            slot--;
        }

        binSeeds[slot] = candidate;
    }

    /// <summary>Moves the seeds of the most-voted bins into <see cref="Selected"/>, best bin first: a peaked vote tries up to <see cref="BinsTried"/> bins, a flat one only its best.</summary>
    /// <returns>The number of selected seeds.</returns>
    public int SelectSeeds()
    {
        Span<ushort> hits = Hits;
        ReadOnlySpan<byte> fill = Fill;
        ReadOnlySpan<ulong> seed = Seed;
        Span<ulong> selected = Selected;
        var total = 0;
        for (var b = 0; b < Bins; b++)
        {
            total += hits[b];
        }

        var selectedCount = 0;
        var firstHits = 0;
        for (var round = 0; round < BinsTried; round++)
        {
            var bestBin = -1;
            var bestHits = 0;
            for (var b = 0; b < Bins; b++)
            {
                if (hits[b] > bestHits)
                {
                    bestHits = hits[b];
                    bestBin = b;
                }
            }

            if (bestBin < 0)
            {
                break;
            }

            if (round == 0)
            {
                firstHits = bestHits;
            }
            else if (firstHits * Bins < PeakRatio * total)
            {
                break;
            }

            hits[bestBin] = 0;
            for (var k = 0; k < fill[bestBin]; k++)
            {
                selected[selectedCount++] = seed[(bestBin * SeedsPerBin) + k];
            }
        }

        return selectedCount;
    }

    /// <summary>The seed lists of all rotation bins.</summary>
    [InlineArray(Bins * SeedsPerBin)]
    public struct SeedLongs
    {
        private ulong _element;
    }

    /// <summary>The selected seeds.</summary>
    [InlineArray(BinsTried * SeedsPerBin)]
    public struct SelectedLongs
    {
        private ulong _element;
    }

    /// <summary>One 16-bit value per rotation bin.</summary>
    [InlineArray(Bins)]
    public struct BinShorts
    {
        private ushort _element;
    }

    /// <summary>One byte per rotation bin.</summary>
    [InlineArray(Bins)]
    public struct BinBytes
    {
        private byte _element;
    }
}
