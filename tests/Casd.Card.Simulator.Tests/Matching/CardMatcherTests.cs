using Casd.Card.Interface;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Matching;

/// <summary>The simulated card's use of its matcher: the prepared reference is what it stores, and VERIFY compares with it.</summary>
public sealed class CardMatcherTests
{
    [Fact]
    public async Task The_card_stores_the_prepared_reference_and_verifies_a_fresh_capture_against_it()
    {
        var generator = new SyntheticFingerGenerator(31);
        var finger = generator.CreateFinger();
        var enrolled = generator.CreateImpression(finger);
        var store = new MemoryNvmStore();
        await using var h = await CardHarness.CreateAsync(null, store);
        await h.PersonaliseAsync(enrolled);

        var prepared = new byte[ElasticMatcher.Instance.GetPreparedReferenceLength(enrolled)];
        prepared = prepared[..ElasticMatcher.Instance.PrepareReference(enrolled, prepared)];
        Assert.Equal(prepared, store.Read("ref.96")![1..]);

        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, generator.CreateImpression(finger))));
        Assert.Equal(0x63C4, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, generator.CreateImpression(generator.CreateFinger()))));
    }

    [Fact]
    public void The_previous_matcher_keeps_its_name_as_the_benchmark_baseline()
    {
        Assert.Equal("local-structure-1", LocalStructureMatcher.Instance.Name);
        Assert.Equal("elastic-2", ElasticMatcher.Instance.Name);
        Assert.Null(new SimulatedCardOptions().Matcher);
    }
}
