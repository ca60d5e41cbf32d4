using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>ResponseApdu.Parse and what every caller reads from it: status word, its description, success.</summary>
internal sealed class ResponseApduTarget : FuzzTarget
{
    public override string Name => "response-apdu";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) =>
    [
        [0x90, 0x00],
        [0x63, 0xC2],
        [0x61, 0x10],
        [0x01, 0x02, 0x03, 0x6C, 0x08],
        .. world.Samples?.Responses.Take(8) ?? [],
    ];

    protected override void Parse(byte[] input)
    {
        var response = ResponseApdu.Parse(input);
        _ = response.StatusWord.ToString();
        _ = response.Data.Length;
        response.EnsureSuccess();
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException or StatusWordException;
}
