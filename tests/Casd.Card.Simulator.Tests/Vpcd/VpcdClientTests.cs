using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.Vpcd;

namespace Casd.Card.Simulator.Tests.Vpcd;

/// <summary>The vpcd protocol against a fake vpcd driver (a TCP listener playing pcscd's part).</summary>
public sealed class VpcdClientTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public VpcdClientTests() => _listener.Start();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task Power_on_get_atr_and_an_apdu_are_answered_with_length_framing()
    {
        await using var client = new VpcdClient(new SimulatedCard(), new VpcdClientOptions { Port = Port });
        client.Start();
        using var vpcd = await _listener.AcceptSocketAsync(Ct);

        await SendAsync(vpcd, [0x01]); // power on: no reply
        await SendAsync(vpcd, [0x04]); // get ATR
        Assert.Equal(CardAtr.Bytes.ToArray(), await ReceiveAsync(vpcd));

        await SendAsync(vpcd, CasdCommands.Select().ToArray(ApduLengthFormat.Auto));
        var response = ResponseApdu.Parse(await ReceiveAsync(vpcd));
        Assert.Equal(0x9000, response.StatusWord.Value);
        Assert.Equal(1, client.ApduCount);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Vpcd_going_away_is_survived_by_reconnecting_and_stopping_closes_the_socket()
    {
        var client = new VpcdClient(new SimulatedCard(), new VpcdClientOptions { Port = Port, ReconnectDelay = TimeSpan.FromMilliseconds(10) });
        client.Start();
        using (var first = await _listener.AcceptSocketAsync(Ct))
        {
            await SendAsync(first, [0x01]);
        }

        using var second = await _listener.AcceptSocketAsync(Ct);
        await SendAsync(second, [0x04]);
        Assert.Equal(CardAtr.Bytes.ToArray(), await ReceiveAsync(second));

        await client.StopAsync();
        var buffer = new byte[2];
        Assert.Equal(0, await second.ReceiveAsync(buffer, SocketFlags.None, Ct)); // closed: card removed
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task An_apdu_to_an_unpowered_card_gets_6F00_and_never_a_zero_length_message()
    {
        await using var client = new VpcdClient(new SimulatedCard(), new VpcdClientOptions { Port = Port });
        client.Start();
        using var vpcd = await _listener.AcceptSocketAsync(Ct);

        await SendAsync(vpcd, [0x00]); // power off: no reply
        await SendAsync(vpcd, [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00]);

        Assert.Equal(new byte[] { 0x6F, 0x00 }, await ReceiveAsync(vpcd));
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x05)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task A_one_byte_apdu_that_is_no_control_code_gets_6700_and_the_reader_keeps_serving(byte apdu)
    {
        // vpcd frames a 1-byte APDU from any PC/SC client exactly like a control code; staying
        // silent would leave pcscd waiting and block the reader for every client.
        await using var client = new VpcdClient(new SimulatedCard(), new VpcdClientOptions { Port = Port });
        client.Start();
        using var vpcd = await _listener.AcceptSocketAsync(Ct);
        await SendAsync(vpcd, [0x01]);

        await SendAsync(vpcd, [apdu]);
        Assert.Equal(new byte[] { 0x67, 0x00 }, await ReceiveAsync(vpcd));

        await SendAsync(vpcd, CasdCommands.Select().ToArray(ApduLengthFormat.Auto));
        Assert.Equal(0x9000, ResponseApdu.Parse(await ReceiveAsync(vpcd)).StatusWord.Value);
    }

    private static async Task SendAsync(Socket socket, byte[] body)
    {
        var message = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)body.Length);
        body.CopyTo(message, 2);
        await socket.SendAsync(message, SocketFlags.None, Ct);
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket)
    {
        var header = new byte[2];
        await ReadExactlyAsync(socket, header);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        Assert.NotEmpty(body);
        await ReadExactlyAsync(socket, body);
        return body;
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            buffer = buffer[read..];
        }
    }
}
