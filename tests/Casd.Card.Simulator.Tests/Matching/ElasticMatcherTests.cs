using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;
using CsCheck;

namespace Casd.Card.Simulator.Tests.Matching;

/// <summary>What only the card's matcher has: the prepared reference, its tolerances, its workspace (the rest: <see cref="OnCardMatcherContractTests"/>).</summary>
public sealed class ElasticMatcherTests
{
    private static readonly ElasticMatcher Matcher = ElasticMatcher.Instance;

    [Fact]
    public void A_template_matches_its_prepared_self_with_the_full_score()
    {
        var template = new SyntheticFingerGenerator(1).CreateFinger().ToCompactTemplate();
        Assert.Equal(ElasticMatcher.MaxScore, Matcher.ComparePrepared(Prepare(template), template));
    }

    [Fact]
    public void Comparing_with_the_prepared_reference_gives_the_template_comparisons_score()
    {
        var generator = new SyntheticFingerGenerator(21);
        var fingers = generator.CreateFingers(12);
        var captures = fingers.Select(f => generator.CreateImpression(f)).Concat(fingers.Select(f => generator.CreateImpression(f))).ToArray();
        var nonZero = 0;
        foreach (var reference in captures)
        {
            var prepared = Prepare(reference);
            foreach (var probe in captures)
            {
                var score = Matcher.Compare(reference, probe);
                Assert.Equal(score, Matcher.ComparePrepared(prepared, probe));
                nonZero += score > 0 ? 1 : 0;
            }
        }

        Assert.True(nonZero > captures.Length, $"{nonZero} non-zero scores");
    }

    [Fact]
    public void The_order_of_the_minutiae_changes_neither_the_score_nor_the_prepared_reference()
    {
        var generator = new SyntheticFingerGenerator(12);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        Gen.Int.Select(Gen.Int).Sample((seedA, seedB) =>
        {
            var shuffledA = Shuffle(a, seedA);
            var shuffledB = Shuffle(b, seedB);
            Assert.Equal(Matcher.Compare(a, b), Matcher.Compare(shuffledA, shuffledB));
            Assert.Equal(Prepare(a), Prepare(shuffledA));
        }, iter: 50);
    }

    [Fact]
    public void Working_memory_is_within_the_card_budget_and_nothing_is_allocated()
    {
        Assert.InRange(ElasticMatcher.PeakWorkingMemoryBytes, 1, 8192);
        Assert.InRange(ElasticMatcher.VerifyWorkingMemoryBytes, 1, ElasticMatcher.PeakWorkingMemoryBytes);
        var generator = new SyntheticFingerGenerator(5);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        var prepared = new byte[Matcher.GetPreparedReferenceLength(a)];

        // One call of each first, so that compiling them (which allocates on this thread) is not counted.
        Exercise();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Exercise();
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());

        void Exercise()
        {
            Matcher.Compare(a, b);
            Matcher.PrepareReference(a, prepared);
            Matcher.ComparePrepared(prepared, b);
        }
    }

    [Fact]
    public void The_prepared_reference_fits_the_stated_per_finger_budget()
    {
        var template = new SyntheticFingerGenerator(7) { MinimumMinutiae = 60, MaximumMinutiae = 60 }.CreateFinger().ToCompactTemplate();
        Assert.Equal(60 * 3, template.Length);
        var length = Matcher.PrepareReference(template, new byte[ElasticMatcher.MaxPreparedReferenceLength]);
        Assert.InRange(length, 1, Matcher.GetPreparedReferenceLength(template));
        Assert.InRange(Matcher.GetPreparedReferenceLength(template), 1, 2_228);
    }

    [Fact]
    public void A_damaged_or_foreign_prepared_reference_scores_within_range_and_never_throws()
    {
        var generator = new SyntheticFingerGenerator(8);
        var finger = generator.CreateFinger();
        var prepared = Prepare(generator.CreateImpression(finger));
        var probe = generator.CreateImpression(finger);
        Assert.True(Matcher.ComparePrepared(prepared, probe) > 0);

        // A raw template (an older card's store) or a truncated form is not a prepared reference.
        Assert.Equal(0, Matcher.ComparePrepared(probe, probe));
        Assert.Equal(0, Matcher.ComparePrepared(prepared.AsSpan(0, prepared.Length - 1), probe));
        Gen.Int[0, prepared.Length - 1].Select(Gen.Byte).Array[1, 4].Sample(flips =>
        {
            var damaged = (byte[])prepared.Clone();
            foreach (var (index, value) in flips)
            {
                damaged[index] = value;
            }

            Assert.InRange(Matcher.ComparePrepared(damaged, probe), 0, ElasticMatcher.MaxScore);
        }, iter: 2000);
    }

    [Fact]
    public void Tolerances_outside_what_the_card_allows_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ElasticMatcher(new MatchTolerances { ReferenceNeighbours = ElasticMatcher.MaxNeighbours + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ElasticMatcher(new MatchTolerances { PairDistance = ElasticMatcher.MaxPairDistance + 1 }));
        Assert.Equal(MatchTolerances.Default, new ElasticMatcher(MatchTolerances.Default).Tolerances);
    }

    private static byte[] Prepare(byte[] template)
    {
        var prepared = new byte[Matcher.GetPreparedReferenceLength(template)];
        return prepared[..Matcher.PrepareReference(template, prepared)];
    }

    private static byte[] Shuffle(byte[] template, int seed)
    {
        var random = new Random(seed);
        return [.. template.Chunk(3).OrderBy(_ => random.Next()).SelectMany(m => m)];
    }
}
