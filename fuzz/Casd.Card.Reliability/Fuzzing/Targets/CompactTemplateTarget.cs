using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;
using Casd.Card.Simulator.Matching.Synthetic;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// Compact card templates (3 bytes a minutia): CompactCardTemplate.FromCompact on the host,
/// then the card's matcher on whatever a VERIFY could carry. The first input byte splits the rest
/// into the stored reference and the probe.
/// </summary>
internal sealed class CompactTemplateTarget : FuzzTarget
{
    public override string Name => "compact-template";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world)
    {
        var generator = new SyntheticFingerGenerator(11);
        var finger = generator.CreateFinger();
        var reference = finger.ToCompactTemplate(20);
        var probe = generator.CreateImpression(finger).Take(20 * 3).ToArray();
        return [[(byte)reference.Length, .. reference, .. probe], [0x03, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60]];
    }

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var split = Math.Min(input[0], input.Length - 1);
        var reference = input.AsSpan(1, split);
        var probe = input.AsSpan(1 + split);
        _ = LocalStructureMatcher.Instance.Compare(reference, probe);
        _ = ExactPairingMatcher.Instance.Compare(reference, probe);
        using var data = CompactCardTemplate.FromCompact(probe);
        _ = data.Minutiae.Length;
    }

    protected override bool IsRefusal(Exception exception) => exception is BiometricDataFormatException;
}
