using System.Net;
using System.Net.Sockets;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Vpcd;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// VpcdClient against a fake vpcd on a loopback socket: the input is what "vpcd" sends (length-framed
/// control messages and APDUs, possibly cut short), then it closes. The client must answer in
/// well-formed frames and end only when cancelled; a card fault must not kill its loop.
/// </summary>
internal sealed class VpcdFramingTarget : FuzzTarget
{
    private const int MaxInput = 32 * 1024;
    private static readonly byte[] Serial = [0xF0, 0x44, 0, 0, 0, 0, 0, 0x01];

    public override string Name => "vpcd";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world)
    {
        var select = CasdCommands.Select().ToArray(ApduLengthFormat.Auto);
        var getData = CasdCommands.GetData(CasdTags.LoginInformation).ToArray(ApduLengthFormat.Auto);
        yield return Frames([0x01], [0x04], select, getData, [0x02], [0x00]);
        yield return Frames([0x01], [0xA5], select, [0x05]);
        yield return [.. Frames([0x01], select), 0x00, 0x40, 0x00];
    }

    internal static byte[] Frames(params byte[][] bodies) =>
        [.. bodies.SelectMany(body => new[] { (byte)(body.Length >> 8), (byte)body.Length }.Concat(body))];

    protected override void Parse(byte[] input)
    {
        if (input.Length > MaxInput)
        {
            return;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = new VpcdClient(new SimulatedCard(new SimulatedCardOptions { Serial = Serial }), new VpcdClientOptions { Port = port, ReconnectDelay = TimeSpan.FromMilliseconds(1), MaxReconnectDelay = TimeSpan.FromMilliseconds(1) });
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        var replies = new MemoryStream();
        using (var socket = listener.AcceptSocket())
        {
            socket.ReceiveTimeout = 5000;
            socket.Send(input);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[4096];
            int read;
            while ((read = socket.Receive(buffer)) > 0)
            {
                replies.Write(buffer, 0, read);
            }
        }

        stop.Cancel();
        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // the only way the client's loop may end
        }

        CheckFrames(replies.ToArray());
    }

    protected override bool IsRefusal(Exception exception) => false;

    private static void CheckFrames(ReadOnlySpan<byte> replies)
    {
        while (!replies.IsEmpty)
        {
            if (replies.Length < 2 || replies.Length < 2 + ((replies[0] << 8) | replies[1]))
            {
                throw new InvalidOperationException("The vpcd client sent a truncated frame.");
            }

            var length = (replies[0] << 8) | replies[1];
            if (length == 0)
            {
                throw new InvalidOperationException("The vpcd client sent an empty frame, which blocks pcscd's reader.");
            }

            replies = replies[(2 + length)..];
        }
    }
}
