using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;
using CsCheck;

namespace Casd.Card.Simulator.Tests.Matching;

public sealed class LocalStructureMatcherTests
{
    private static readonly LocalStructureMatcher Matcher = LocalStructureMatcher.Instance;

    [Fact]
    public void A_template_matches_itself_with_the_full_score()
    {
        var finger = new SyntheticFingerGenerator(1).CreateFinger();
        var template = finger.ToCompactTemplate();
        Assert.Equal(LocalStructureMatcher.MaxScore, Matcher.Compare(template, template));
    }

    [Fact]
    public void The_same_inputs_give_the_same_score()
    {
        var generator = new SyntheticFingerGenerator(2);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        var first = Matcher.Compare(a, b);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first, Matcher.Compare(a.AsSpan(), b.AsSpan()));
        }

        Assert.Equal(first, new LocalStructureMatcher().Compare(a, b));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(30, 0, 0)]
    [InlineData(-45, 12, -9)]
    [InlineData(90, -20, 15)]
    [InlineData(180, 5, 5)]
    public void Rotation_and_translation_keep_a_genuine_match(double degrees, double shiftX, double shiftY)
    {
        // The finger's minutiae moved rigidly, with no other change: only the card format's rounding differs.
        var finger = new SyntheticFingerGenerator(3) { MinimumMinutiae = 30, MaximumMinutiae = 30 }.CreateFinger();
        var reference = finger.ToCompactTemplate();
        var moved = Move(reference, degrees, shiftX, shiftY);
        var score = Matcher.Compare(reference, moved);
        Assert.True(score >= Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000), $"score {score} after a rigid motion of {degrees}°");
    }

    [Fact]
    public void Genuine_and_impostor_captures_of_synthetic_fingers_separate()
    {
        var generator = new SyntheticFingerGenerator(4);
        var fingers = generator.CreateFingers(30);
        var captures = fingers.Select(f => new[] { generator.CreateImpression(f), generator.CreateImpression(f) }).ToArray();
        var threshold = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In10000);
        var genuineAccepted = captures.Count(c => Matcher.Compare(c[0], c[1]) >= threshold);
        var impostorAccepted = 0;
        for (var i = 0; i < captures.Length; i++)
        {
            for (var j = 0; j < captures.Length; j++)
            {
                if (i != j && Matcher.Compare(captures[i][0], captures[j][1]) >= threshold)
                {
                    impostorAccepted++;
                }
            }
        }

        Assert.True(genuineAccepted >= 27, $"{genuineAccepted} of 30 genuine captures accepted");
        Assert.Equal(0, impostorAccepted);
    }

    [Fact]
    public void The_order_of_the_minutiae_does_not_change_the_score()
    {
        var generator = new SyntheticFingerGenerator(12);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        var reversed = a.Chunk(3).Reverse().SelectMany(m => m).ToArray();
        Assert.Equal(Matcher.Compare(a, b), Matcher.Compare(reversed, b));
        Assert.Equal(Matcher.Compare(b, a), Matcher.Compare(b, reversed));
    }

    [Fact]
    public void Ten_thousand_synthetic_impostor_comparisons_stay_below_the_1_in_1000_threshold()
    {
        // Scale check: 10,000 different fingers, each compared with the next one's capture.
        var generator = new SyntheticFingerGenerator(13);
        var fingers = generator.CreateFingers(10_000);
        var threshold = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In1000);
        var previous = generator.CreateImpression(fingers[^1]);
        var falseMatches = 0;
        foreach (var finger in fingers)
        {
            var capture = generator.CreateImpression(finger);
            if (Matcher.Compare(previous, capture) >= threshold)
            {
                falseMatches++;
            }

            previous = capture;
        }

        Assert.InRange(falseMatches, 0, 10);
    }

    [Fact]
    public void Working_memory_is_within_the_card_budget_and_nothing_is_allocated()
    {
        Assert.InRange(LocalStructureMatcher.PeakWorkingMemoryBytes, 1, 8192);
        var generator = new SyntheticFingerGenerator(5);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        Matcher.Compare(a, b);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Matcher.Compare(a, b);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 20)]
    [InlineData(1, 20)]
    [InlineData(20, 1)]
    [InlineData(2, 2)]
    public void Empty_and_tiny_templates_score_zero(int referenceCount, int probeCount)
    {
        var generator = new SyntheticFingerGenerator(6);
        var reference = generator.CreateFinger().ToCompactTemplate()[..(referenceCount * 3)];
        var probe = generator.CreateFinger().ToCompactTemplate()[..(probeCount * 3)];
        var score = Matcher.Compare(reference, probe);
        Assert.InRange(score, 0, referenceCount < 2 || probeCount < 2 ? 0 : LocalStructureMatcher.MaxScore);
    }

    [Fact]
    public void Degenerate_templates_do_not_break_the_matcher()
    {
        byte[] sameSpot = [.. Enumerable.Range(0, 20).SelectMany(_ => new byte[] { 100, 100, 0x40 })];
        byte[] corners = [.. Enumerable.Range(0, 64).SelectMany(i => new byte[] { (byte)((i & 1) * 255), (byte)((i & 2) * 127), (byte)(0xC0 | (i & 0x3F)) })];
        byte[] oversized = [.. Enumerable.Range(0, 100).SelectMany(i => new byte[] { (byte)(i * 2), (byte)(255 - (i * 2)), (byte)i })];
        byte[] ragged = [10, 20, 30, 40, 50, 60, 70];
        foreach (var a in new[] { sameSpot, corners, oversized, ragged })
        {
            foreach (var b in new[] { sameSpot, corners, oversized, ragged })
            {
                Assert.InRange(Matcher.Compare(a, b), 0, LocalStructureMatcher.MaxScore);
            }
        }

        // Beyond 64 minutiae the rest is ignored, so the first 64 decide.
        Assert.Equal(Matcher.Compare(oversized.AsSpan(0, 64 * 3), oversized.AsSpan(0, 64 * 3)), Matcher.Compare(oversized, oversized));
    }

    [Fact]
    public void Any_bytes_give_a_bounded_deterministic_score()
    {
        Gen.Byte.Array[0, 200].Select(Gen.Byte.Array[0, 200]).Sample((a, b) =>
        {
            var score = Matcher.Compare(a, b);
            Assert.InRange(score, 0, LocalStructureMatcher.MaxScore);
            Assert.Equal(score, Matcher.Compare(a, b));
        });
    }

    [Fact]
    public void Thresholds_rise_with_the_security_level()
    {
        var low = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In1000);
        var medium = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In10000);
        var high = Matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000);
        Assert.True(low > 0 && low < medium && medium < high && high <= LocalStructureMatcher.MaxScore, $"{low} < {medium} < {high}");
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
