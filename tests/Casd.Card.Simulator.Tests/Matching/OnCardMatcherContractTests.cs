using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;
using CsCheck;

namespace Casd.Card.Simulator.Tests.Matching;

/// <summary>
/// What every card matcher owes the applet, checked on each of them (the card's ElasticMatcher and
/// the benchmark baseline LocalStructureMatcher): a template matches itself fully, a rigid motion
/// keeps a genuine match, the order of the minutiae does not matter, synthetic genuine and impostor
/// captures separate, tiny, degenerate and arbitrary inputs give a bounded deterministic score, and
/// the thresholds rise with the security level. What only one matcher has (the prepared reference,
/// its tolerances, its workspace) stays in that matcher's own test class.
/// </summary>
public sealed class OnCardMatcherContractTests
{
    /// <summary>Both matchers score from 0 to 1000.</summary>
    private const int MaxScore = 1000;

    public static TheoryData<string> Matchers => [ElasticMatcher.Instance.Name, LocalStructureMatcher.Instance.Name];

    [Theory]
    [MemberData(nameof(Matchers))]
    public void A_template_matches_itself_with_the_full_score(string name)
    {
        var matcher = Matcher(name);
        var template = new SyntheticFingerGenerator(1).CreateFinger().ToCompactTemplate();
        Assert.Equal(MaxScore, matcher.Compare(template, template));
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Rotation_and_translation_keep_a_genuine_match(string name)
    {
        // The finger's minutiae moved rigidly, with no other change: only the card format's rounding differs.
        var matcher = Matcher(name);
        var reference = new SyntheticFingerGenerator(3) { MinimumMinutiae = 30, MaximumMinutiae = 30 }.CreateFinger().ToCompactTemplate();
        foreach (var (degrees, shiftX, shiftY) in new[] { (0.0, 0.0, 0.0), (30, 0, 0), (-45, 12, -9), (90, -20, 15), (180, 5, 5) })
        {
            var score = matcher.Compare(reference, Move(reference, degrees, shiftX, shiftY));
            Assert.True(score >= matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000), $"score {score} after a rigid motion of {degrees}°");
        }
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void The_order_of_the_minutiae_does_not_change_the_score(string name)
    {
        var matcher = Matcher(name);
        var generator = new SyntheticFingerGenerator(12);
        var finger = generator.CreateFinger();
        var a = generator.CreateImpression(finger);
        var b = generator.CreateImpression(finger);
        var reversed = a.Chunk(3).Reverse().SelectMany(m => m).ToArray();
        Assert.Equal(matcher.Compare(a, b), matcher.Compare(reversed, b));
        Assert.Equal(matcher.Compare(b, a), matcher.Compare(b, reversed));
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Genuine_and_impostor_captures_of_synthetic_fingers_separate(string name)
    {
        var matcher = Matcher(name);
        var generator = new SyntheticFingerGenerator(4);
        var fingers = generator.CreateFingers(30);
        var captures = fingers.Select(f => new[] { generator.CreateImpression(f), generator.CreateImpression(f) }).ToArray();
        var threshold = matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In10000);
        var genuineAccepted = captures.Count(c => matcher.Compare(c[0], c[1]) >= threshold);
        var impostorAccepted = 0;
        for (var i = 0; i < captures.Length; i++)
        {
            for (var j = 0; j < captures.Length; j++)
            {
                if (i != j && matcher.Compare(captures[i][0], captures[j][1]) >= threshold)
                {
                    impostorAccepted++;
                }
            }
        }

        Assert.True(genuineAccepted >= 27, $"{genuineAccepted} of 30 genuine captures accepted");
        Assert.Equal(0, impostorAccepted);
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Ten_thousand_synthetic_impostor_comparisons_stay_below_the_1_in_1000_threshold(string name)
    {
        // Scale check: 10,000 different fingers, each compared with the next one's capture.
        var matcher = Matcher(name);
        var generator = new SyntheticFingerGenerator(13);
        var fingers = generator.CreateFingers(10_000);
        var threshold = matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In1000);
        var previous = generator.CreateImpression(fingers[^1]);
        var falseMatches = 0;
        foreach (var finger in fingers)
        {
            var capture = generator.CreateImpression(finger);
            if (matcher.Compare(previous, capture) >= threshold)
            {
                falseMatches++;
            }

            previous = capture;
        }

        Assert.InRange(falseMatches, 0, 10);
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Empty_and_tiny_templates_score_zero(string name)
    {
        var matcher = Matcher(name);
        var generator = new SyntheticFingerGenerator(6);
        foreach (var (referenceCount, probeCount) in new[] { (0, 0), (0, 20), (1, 20), (20, 1), (2, 2) })
        {
            var reference = generator.CreateFinger().ToCompactTemplate()[..(referenceCount * 3)];
            var probe = generator.CreateFinger().ToCompactTemplate()[..(probeCount * 3)];
            Assert.InRange(matcher.Compare(reference, probe), 0, referenceCount < 2 || probeCount < 2 ? 0 : MaxScore);
        }
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Degenerate_templates_do_not_break_the_matcher(string name)
    {
        var matcher = Matcher(name);
        byte[] sameSpot = [.. Enumerable.Range(0, 20).SelectMany(_ => new byte[] { 100, 100, 0x40 })];
        byte[] corners = [.. Enumerable.Range(0, 64).SelectMany(i => new byte[] { (byte)((i & 1) * 255), (byte)((i & 2) * 127), (byte)(0xC0 | (i & 0x3F)) })];
        byte[] oversized = [.. Enumerable.Range(0, 100).SelectMany(i => new byte[] { (byte)(i * 2), (byte)(255 - (i * 2)), (byte)i })];
        byte[] ragged = [10, 20, 30, 40, 50, 60, 70];
        foreach (var a in new[] { sameSpot, corners, oversized, ragged })
        {
            foreach (var b in new[] { sameSpot, corners, oversized, ragged })
            {
                Assert.InRange(matcher.Compare(a, b), 0, MaxScore);
            }
        }

        // Beyond the workspace's 64 minutiae the rest is ignored, so the first 64 decide.
        Assert.Equal(matcher.Compare(oversized.AsSpan(0, 64 * 3), oversized.AsSpan(0, 64 * 3)), matcher.Compare(oversized, oversized));
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Any_bytes_give_a_bounded_deterministic_score(string name)
    {
        var matcher = Matcher(name);
        Gen.Byte.Array[0, 240].Select(Gen.Byte.Array[0, 240]).Sample((a, b) =>
        {
            var score = matcher.Compare(a, b);
            Assert.InRange(score, 0, MaxScore);
            Assert.Equal(score, matcher.Compare(a, b));
        });
    }

    [Theory]
    [MemberData(nameof(Matchers))]
    public void Thresholds_rise_with_the_security_level(string name)
    {
        var matcher = Matcher(name);
        var low = matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In1000);
        var medium = matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In10000);
        var high = matcher.GetThreshold(MatchSecurityLevel.FalseMatchRate1In100000);
        Assert.True(low > 0 && low < medium && medium < high && high <= MaxScore, $"{low} < {medium} < {high}");
    }

    private static IOnCardMatcher Matcher(string name) =>
        name == ElasticMatcher.Instance.Name ? ElasticMatcher.Instance : LocalStructureMatcher.Instance;

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
