using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>CommandApdu.Parse (what a card or the simulator receives), then the re-encoding of what it accepted.</summary>
internal sealed class CommandApduTarget : FuzzTarget
{
    public override string Name => "command-apdu";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) =>
    [
        Convert.FromHexString("00A4040009A00000015143525300"),
        Convert.FromHexString("80CABF2100"),
        Convert.FromHexString("0020009600"),
        Convert.FromHexString("00CA7F6100000100"),
        Convert.FromHexString("8050300008010203040506070800"),
        .. world.Samples?.Commands.Take(8) ?? [],
    ];

    protected override void Parse(byte[] input)
    {
        var command = CommandApdu.Parse(input);

        // Whatever the parser accepts must encode again: a value that cannot is a silent wrong value.
        _ = command.ToArray(ApduLengthFormat.Auto);
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;
}
