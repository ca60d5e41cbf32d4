using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Casd.Card.Simulator.Matching;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Casd.Card.Tests.Architecture;

/// <summary>
/// The card's matcher is a pure algorithm over compact-card bytes (docs/matcher.md): it may use the
/// biometric types, but nothing of the card OS, its storage, its transports or the host's APDU
/// layers, so that it can be lifted onto a real card as it is.
/// </summary>
public class MatchingLayeringTests
{
    private const string Matching = "Casd.Card.Simulator.Matching";

    private static readonly ArchUnitNET.Domain.Architecture Simulator =
        new ArchLoader().LoadAssemblies(typeof(LocalStructureMatcher).Assembly, typeof(Casd.Card.Iso7816.CommandApdu).Assembly).Build();

    public static TheoryData<string> Forbidden =>
    [
        "Casd.Card.Simulator.Application",
        "Casd.Card.Simulator.Nvm",
        "Casd.Card.Simulator.Os",
        "Casd.Card.Simulator.Transport",
        "Casd.Card.Simulator.Tracing",
        "Casd.Card.Iso7816",
        "Casd.Card.Transport",
        "Casd.Card.Interface",
        "Casd.Card.SecureChannel",
    ];

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void The_matcher_reaches_nothing_but_the_biometric_types(string forbidden)
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(Matching + @"(\..+)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespace(forbidden))
            .Because("the on-card matcher must stay a self-contained algorithm")
            .WithoutRequiringPositiveResults();
        rule.Check(Simulator);
    }

    [Fact]
    public void The_rule_engine_sees_the_matching_namespaces()
    {
        var namespaces = Simulator.Types.Select(t => t.Namespace.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(Matching, namespaces);
        Assert.Contains(Matching + ".Synthetic", namespaces);
    }

    [Fact]
    public void A_real_dependency_of_the_matcher_is_detected()
    {
        // The matcher does use the biometric types: the same kind of rule must fail on them.
        IArchRule rule = Types().That().ResideInNamespaceMatching(Matching + @"(\..+)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespace("Casd.Card.Biometrics"));
        Assert.ThrowsAny<Exception>(() => rule.Check(Simulator));
    }
}
