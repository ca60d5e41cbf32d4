using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>CasdFci.Parse: the answer to SELECT, the first bytes any card gives the host.</summary>
internal sealed class FciTarget : FuzzTarget
{
    public override string Name => "fci";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.Fci] : [];

    protected override void Parse(byte[] input) => _ = CasdFci.Parse(input).ToString();

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;
}
