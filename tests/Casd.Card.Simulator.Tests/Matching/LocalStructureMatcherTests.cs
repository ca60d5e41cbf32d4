using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Simulator.Tests.Matching;

/// <summary>What only the baseline matcher has: its own instances agree, its workspace (the rest: <see cref="OnCardMatcherContractTests"/>).</summary>
public sealed class LocalStructureMatcherTests
{
    private static readonly LocalStructureMatcher Matcher = LocalStructureMatcher.Instance;

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
}
