using Casd.Card.Testing;
using Casd.Card.Biometrics;
using Casd.Card.Cli.Evaluation;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Cli.Tests.Evaluation;

public sealed class ComparisonPathTests
{
    [Fact]
    public void Apdu_and_direct_paths_give_the_same_scores_and_decisions_on_synthetic_fingers()
    {
        var generator = new SyntheticFingerGenerator(11);
        var templates = new List<FvcTemplate>();
        foreach (var finger in generator.CreateFingers(6))
        {
            for (var impression = 1; impression <= 3; impression++)
            {
                templates.Add(new FvcTemplate(finger.Id, impression, $"{finger.Id}_{impression}", generator.CreateImpression(finger)));
            }
        }

        // One template the card refuses (too few minutiae) must be refused the same way on both paths.
        templates.Add(new FvcTemplate(99, 1, "99_1", templates[0].Compact[..(11 * 3)]));
        templates.Add(new FvcTemplate(99, 2, "99_2", templates[1].Compact));
        AssertSameOutcomes(templates, MatchSecurityLevel.FalseMatchRate1In1000);
    }

    [Fact]
    public async Task Apdu_and_direct_paths_agree_on_fvc2002_records()
    {
        var folder = TestRequirements.SharedTestData("fvc2002", "DB1_B");
        var templates = (await FvcTemplateSet.LoadAsync(folder, BiometricMatchingParameters.Default, TestContext.Current.CancellationToken))
            .Where(t => t.Finger <= 103).ToList();
        Assert.Equal(24, templates.Count);
        AssertSameOutcomes(templates, MatchSecurityLevel.FalseMatchRate1In10000);
    }

    [Fact]
    public async Task A_malformed_record_is_reported_with_its_file_name()
    {
        var folder = Directory.CreateTempSubdirectory("casd-fvc-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "101_1.iso"), [0x46, 0x4D, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00, 0x00], TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "readme.iso"), [1, 2, 3], TestContext.Current.CancellationToken);
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => FvcTemplateSet.LoadAsync(folder.FullName, BiometricMatchingParameters.Default, TestContext.Current.CancellationToken));
            Assert.Contains("101_1.iso", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void AssertSameOutcomes(IReadOnlyList<FvcTemplate> templates, MatchSecurityLevel level)
    {
        var direct = new DirectComparisonPath(LocalStructureMatcher.Instance, level);
        var apdu = new ApduComparisonPath(LocalStructureMatcher.Instance, level);
        var matches = 0;
        var nonMatches = 0;
        foreach (var pair in FvcProtocol.Pairs(templates))
        {
            var expected = direct.Compare(pair);
            Assert.Equal(expected, apdu.Compare(pair));
            _ = expected.Matched ? matches++ : nonMatches++;
        }

        // Both decisions must have occurred, or the comparison proves little.
        Assert.True(matches > 0 && nonMatches > 0, $"{matches} matches, {nonMatches} non-matches");
    }
}
