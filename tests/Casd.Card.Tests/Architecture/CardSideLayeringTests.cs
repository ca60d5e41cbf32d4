using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Casd.Card.Simulator;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Casd.Card.Tests.Architecture;

/// <summary>
/// The simulated card implements docs/card-interface.md on its own (decisions 0021 and 0082): its
/// rooms (the card OS, the CASD application, the card side of the secure channel, the matcher) may
/// use the interface's vocabulary (tags, AID and limits, lifecycle states, finger references, match
/// levels) and the ISO 7816 layer, but none of the host's data-object parsers and encoders, command
/// builders, minutiae conversion, secure channel or application, so that a mistake in one of them
/// cannot be mirrored by the card and pass every test.
/// </summary>
public class CardSideLayeringTests
{
    /// <summary>The card's rooms: what a real card would carry (Matching.Synthetic makes test fingers, the transports are the reader's).</summary>
    private const string CardSide = @"^Casd\.Card\.Simulator\.(Application|Os|SecureChannel|Matching)$";

    private static readonly ArchUnitNET.Domain.Architecture Both =
        new ArchLoader().LoadAssemblies(typeof(SimulatedCard).Assembly, typeof(Casd.Card.Iso7816.CommandApdu).Assembly).Build();

    [Fact]
    public void The_card_uses_the_interface_vocabulary_and_none_of_the_host_codecs()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(CardSide)
            .Should().NotDependOnAny(Types().That().ResideInNamespace("Casd.Card.Interface")
                .And().DoNotHaveFullName("Casd.Card.Interface.CasdTags")
                .And().DoNotHaveFullName("Casd.Card.Interface.CasdCardInterface")
                .And().DoNotHaveFullName("Casd.Card.Interface.CardLifecycleState")
                .And().DoNotHaveFullName("Casd.Card.Interface.FingerReference"))
            .Because("the card writes its FCI, BIT and status bytes, checks PUT DATA and knows its instructions itself (decision 0082)");
        rule.Check(Both);
    }

    [Fact]
    public void The_card_reads_minutiae_with_its_own_codec()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(CardSide)
            .Should().NotDependOnAny(Types().That().ResideInNamespace("Casd.Card.Biometrics")
                .And().DoNotHaveFullName("Casd.Card.Biometrics.MatchSecurityLevel"))
            .Because("the card has one compact-minutiae codec (Matching.CardMinutiae) and the host another");
        rule.Check(Both);
    }

    [Fact]
    public void The_card_knows_nothing_of_the_host_above_iso7816()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(CardSide)
            .Should().NotDependOnAny(Types().That().ResideInNamespace("Casd.Card")
                .Or().ResideInNamespace("Casd.Card.SecureChannel")
                .Or().ResideInNamespace("Casd.Card.Enrolment")
                .Or().ResideInNamespace("Casd.Card.RemoteAccess")
                .Or().ResideInNamespace("Casd.Card.Pcsc"))
            .Because("the card side of the channels is written apart from the host's (decision 0030), and a card has no host application");
        rule.Check(Both);
    }

    [Fact]
    public void The_rule_engine_sees_the_card_rooms_and_a_real_dependency()
    {
        var namespaces = Both.Types.Select(t => t.Namespace.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var room in new[] { "Application", "Os", "SecureChannel", "Matching" })
        {
            Assert.Contains("Casd.Card.Simulator." + room, namespaces);
        }

        // The card does use the finger references (constants such as the tags are compiled into the
        // card's code and leave no dependency to see): the same kind of rule must fail on them.
        IArchRule fingers = Types().That().ResideInNamespaceMatching(CardSide)
            .Should().NotDependOnAny(Types().That().HaveFullName("Casd.Card.Interface.FingerReference"));
        Assert.ThrowsAny<Exception>(() => fingers.Check(Both));
    }
}
