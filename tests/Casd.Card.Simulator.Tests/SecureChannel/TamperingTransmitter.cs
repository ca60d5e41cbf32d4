using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>An active attacker on the reader link: sits between the secure channel and the pipeline, records and alters APDUs.</summary>
internal sealed class TamperingTransmitter(IApduTransmitter next) : IApduTransmitter
{
    public Func<CommandApdu, CommandApdu>? AlterCommand { get; set; }

    public Func<ResponseApdu, ResponseApdu>? AlterResponse { get; set; }

    public List<CommandApdu> Sent { get; } = [];

    public async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        var outgoing = AlterCommand?.Invoke(command) ?? command;
        Sent.Add(new CommandApdu(outgoing.Cla, outgoing.Ins, outgoing.P1, outgoing.P2, outgoing.Data.ToArray(), outgoing.Ne));
        var response = await next.TransmitAsync(outgoing, cancellationToken);
        return AlterResponse?.Invoke(response) ?? response;
    }

    public static CommandApdu FlipBit(CommandApdu command, int bit)
    {
        // Bits 0-31 are the header, the rest the data field.
        if (bit < 32)
        {
            byte[] header = [command.Cla, command.Ins, command.P1, command.P2];
            header[bit / 8] ^= (byte)(1 << (bit % 8));
            return new CommandApdu(header[0], header[1], header[2], header[3], command.Data, command.Ne);
        }

        var data = command.Data.ToArray();
        data[(bit - 32) / 8] ^= (byte)(1 << (bit % 8));
        return command.WithData(data);
    }
}
