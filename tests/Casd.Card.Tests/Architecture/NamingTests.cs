using Casd.Card.Iso7816;

namespace Casd.Card.Tests.Architecture;

/// <summary>
/// Names that say one thing (decision 0082): no public type is named like a namespace of the
/// package, which is what made callers write <c>SecureChannel.SecureChannel</c> or <c>global::</c>.
/// </summary>
public class NamingTests
{
    public static TheoryData<string> Packages => new() { "Casd.Card", "Casd.Card.Simulator" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void No_public_type_shares_its_name_with_a_namespace_segment(string package)
    {
        var assembly = package == "Casd.Card" ? typeof(CommandApdu).Assembly : typeof(Casd.Card.Simulator.SimulatedCard).Assembly;
        var types = assembly.GetExportedTypes();
        var segments = types
            .Select(t => t.Namespace ?? string.Empty)
            .SelectMany(ns => ns.Split('.'))
            .ToHashSet(StringComparer.Ordinal);

        var clashes = types.Where(t => segments.Contains(t.Name)).Select(t => t.FullName).ToList();

        Assert.True(clashes.Count == 0, "public types named like a namespace: " + string.Join(", ", clashes));
    }
}
