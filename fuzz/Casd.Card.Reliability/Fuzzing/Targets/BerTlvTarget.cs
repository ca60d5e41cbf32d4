using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>BerTlvReader over arbitrary bytes, descending into every constructed object.</summary>
internal sealed class BerTlvTarget : FuzzTarget
{
    private const int MaxDepth = 16;

    public override string Name => "ber-tlv";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) =>
    [
        Convert.FromHexString("6F0E840AA0000001514352530001A500"),
        Convert.FromHexString("7F6108020101 7F600380010A".Replace(" ", string.Empty, StringComparison.Ordinal)),
        Convert.FromHexString("5F4981820001"),
        Convert.FromHexString("DF810203010203"),
        world.CertificateStore,
        .. world.Samples is { } s ? new[] { s.Fci, s.LoginInformation } : [],
    ];

    protected override void Parse(byte[] input)
    {
        Walk(new BerTlvReader(input), 0);
        _ = BerTlvReader.TryFind(input, 0x5F49, out _);
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;

    private static void Walk(BerTlvReader reader, int depth)
    {
        while (reader.HasData)
        {
            var element = reader.Read();
            if (element.IsConstructed && depth < MaxDepth)
            {
                Walk(element.CreateReader(), depth + 1);
            }
        }
    }
}
