using Casd.Card.Biometrics;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>BiometricInformationTemplateGroup.Parse: the '7F61' group a card reports for its fingers.</summary>
internal sealed class BitTarget : FuzzTarget
{
    public override string Name => "bit";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.BiometricTemplates] : [];

    protected override void Parse(byte[] input)
    {
        var group = BiometricInformationTemplateGroup.Parse(input);
        foreach (var template in group.Templates)
        {
            _ = template.ToString();
        }

        _ = group.Find(0x96);
    }

    protected override bool IsRefusal(Exception exception) => exception is BiometricDataFormatException;
}
