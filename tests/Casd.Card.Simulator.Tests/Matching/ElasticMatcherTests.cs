using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;
using CsCheck;

namespace Casd.Card.Simulator.Tests.Matching;

public sealed class ElasticMatcherTests
{
    private static readonly ElasticMatcher Matcher = ElasticMatcher.Instance;

    [Fact]
    public void A_template_matches_itself_with_the_full_score()
    {
        var template = new SyntheticFingerGenerator(1).CreateFinger().ToCompactTemplate();
        Assert.Equal(ElasticMatcher.MaxScore, Matcher.Compare(template, template));
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

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(30, 0, 0)]
    [InlineData(-45, 12, -9)]
    [InlineData(90, -20, 15)]
    [InlineData(180, 5, 5)]
    public void Rotation_and_translation_keep_a_genuine_match(double degrees, double shiftX, double shiftY)
    {
        var finger = new SyntheticFingerGenerator(3) { MinimumMinutiae = 30, MaximumMinutiae = 30 }.CreateFinger();
        var reference = finger.ToCompactTemplate();
        var moved = Move(reference, degrees, shiftX, shiftY);
        var score = Matcher.Compare(reference, moved);
        Assert.True(score >= Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000), $"score {score} after a rigid motion of {degrees}°");
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

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 20)]
    [InlineData(1, 20)]
    [InlineData(20, 1)]
    [InlineData(2, 2)]
    public void Empty_and_tiny_templates_score_zero_or_within_range(int referenceCount, int probeCount)
    {
        var generator = new SyntheticFingerGenerator(6);
        var reference = generator.CreateFinger().ToCompactTemplate()[..(referenceCount * 3)];
        var probe = generator.CreateFinger().ToCompactTemplate()[..(probeCount * 3)];
        Assert.InRange(Matcher.Compare(reference, probe), 0, referenceCount < 2 || probeCount < 2 ? 0 : ElasticMatcher.MaxScore);
    }

    [Fact]
    public void Any_bytes_give_a_bounded_deterministic_score()
    {
        Gen.Byte.Array[0, 240].Select(Gen.Byte.Array[0, 240]).Sample((a, b) =>
        {
            var score = Matcher.Compare(a, b);
            Assert.InRange(score, 0, ElasticMatcher.MaxScore);
            Assert.Equal(score, Matcher.Compare(a, b));
        });
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
    public void Thresholds_rise_with_the_security_level()
    {
        var low = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In1000);
        var medium = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In10000);
        var high = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000);
        Assert.True(low > 0 && low < medium && medium < high && high <= ElasticMatcher.MaxScore, $"{low} < {medium} < {high}");
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

    /// <summary>Rotates a compact template about (128, 128) counter-clockwise as seen, then shifts it; minutiae leaving 0–255 are dropped.</summary>
    private static byte[] Move(byte[] template, double degrees, double shiftX, double shiftY)
    {
        var radians = degrees * Math.PI / 180;
        var result = new List<byte>();
        for (var i = 0; i + 3 <= template.Length; i += 3)
        {
            var m = CompactMinutia.Read(template.AsSpan(i));
            double dx = m.X - 128, dy = m.Y - 128;
            var x = (int)Math.Round(128 + (Math.Cos(radians) * dx) + (Math.Sin(radians) * dy) + shiftX);
            var y = (int)Math.Round(128 - (Math.Sin(radians) * dx) + (Math.Cos(radians) * dy) + shiftY);
            if (x is < 0 or > 255 || y is < 0 or > 255)
            {
                continue;
            }

            var angle = (int)Math.Round(m.Angle + (degrees * 64 / 360)) & 63;
            var moved = new byte[3];
            new CompactMinutia(x, y, m.Type, angle).Write(moved);
            result.AddRange(moved);
        }

        return [.. result];
    }
}
