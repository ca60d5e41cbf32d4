using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Simulator.Tests.Matching;

public sealed class SyntheticFingerGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_fingers_and_captures()
    {
        var a = new SyntheticFingerGenerator(42);
        var b = new SyntheticFingerGenerator(42);
        var fa = a.CreateFinger();
        var fb = b.CreateFinger();
        Assert.Equal(fa.ToCompactTemplate(), fb.ToCompactTemplate());
        Assert.Equal(a.CreateImpression(fa), b.CreateImpression(fb));
        Assert.NotEqual(fa.ToCompactTemplate(), new SyntheticFingerGenerator(43).CreateFinger().ToCompactTemplate());
    }

    [Fact]
    public void Captures_are_valid_compact_templates_within_the_card_limits()
    {
        var generator = new SyntheticFingerGenerator(7);
        foreach (var finger in generator.CreateFingers(50))
        {
            Assert.InRange(finger.MinutiaCount, generator.MinimumMinutiae, generator.MaximumMinutiae);
            var capture = generator.CreateImpression(finger);
            Assert.Equal(0, capture.Length % 3);
            Assert.InRange(capture.Length / 3, 12, BiometricMatchingParameters.DefaultMaximumMinutiae);
            for (var i = 0; i < capture.Length; i += 3)
            {
                var m = CompactMinutia.Read(capture.AsSpan(i));
                Assert.NotEqual(MinutiaType.Other, m.Type);
            }
        }
    }

    [Fact]
    public void An_exact_capture_is_the_true_template_reordered()
    {
        var generator = new SyntheticFingerGenerator(8);
        var finger = generator.CreateFinger();
        var capture = generator.CreateImpression(finger, SyntheticImpressionOptions.Exact);
        var truth = finger.ToCompactTemplate();
        Assert.Equal(Triples(truth), Triples(capture));
    }

    [Fact]
    public void Missing_and_spurious_rates_change_the_count_as_asked()
    {
        var generator = new SyntheticFingerGenerator(9) { MinimumMinutiae = 50, MaximumMinutiae = 50 };
        var finger = generator.CreateFinger();
        var none = new SyntheticImpressionOptions { MissingRate = 0, SpuriousRate = 0, MaxTranslation = 0, MaxRotationDegrees = 0, ElasticAmplitude = 0 };
        Assert.Equal(50, generator.CreateImpression(finger, none).Length / 3);
        var half = none with { MissingRate = 0.5 };
        Assert.InRange(Enumerable.Range(0, 20).Average(_ => generator.CreateImpression(finger, half).Length / 3.0), 20, 30);
        var extra = none with { SpuriousRate = 0.2 };
        Assert.InRange(generator.CreateImpression(finger, extra).Length / 3, 54, 60);
    }

    [Fact]
    public void Ten_thousand_fingers_can_be_made_for_scale_tests()
    {
        var fingers = new SyntheticFingerGenerator(10).CreateFingers(10_000);
        Assert.Equal(10_000, fingers.Count);
        Assert.Equal(9_999, fingers[^1].Id);
        Assert.DoesNotContain("minutia ", fingers[0].ToString(), StringComparison.Ordinal);
    }

    private static List<string> Triples(byte[] template) =>
        [.. template.Chunk(3).Select(Convert.ToHexString).Order(StringComparer.Ordinal)];
}
