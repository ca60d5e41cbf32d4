using Casd.Card.Iso7816;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card demo</c>: the whole life of a card on the embedded simulator. Until the simulator
/// lands it shows the card-less part: how the middleware encodes and decodes card traffic.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    public string Name => "demo";

    public string Summary => "Run the whole life of a card on the embedded simulator.";

    public string Usage => "Usage: casd-card demo";

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args[0]}'.");
        }

        output.WriteLine("Casd.Card demo (card-less part: APDU encoding)");
        var select = new CommandApdu(0x00, 0xA4, 0x04, 0x00, Convert.FromHexString("A000000151000000"), 256);
        output.WriteLine($"  SELECT by AID, short form    : {Convert.ToHexString(select.ToArray(ApduLengthFormat.Auto))}");
        output.WriteLine($"  SELECT by AID, extended form : {Convert.ToHexString(select.ToArray(ApduLengthFormat.Extended))}");
        var response = ResponseApdu.Parse(Convert.FromHexString("63C2"));
        output.WriteLine($"  Response 63C2                : {response.StatusWord}, retries left {response.StatusWord.RetriesLeft}");
        return Task.FromResult(ExitCodes.Success);
    }
}
