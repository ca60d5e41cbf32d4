using System.Buffers.Binary;
using System.Net.Sockets;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.Simulator.Vpcd;

/// <summary>
/// Puts a <see cref="SimulatedCard"/> into a real pcscd through the vsmartcard vpcd reader driver,
/// so any PC/SC program sees it as a card in 'Virtual PCD 00 00' (port 35963) or '00 01' (35964).
/// </summary>
/// <remarks>
/// <para>Protocol: every message both ways is a 2-byte big-endian length and a body. A 1-byte body
/// from vpcd is a control message: 00 power off, 01 power on, 02 reset (no reply), 04 get ATR
/// (reply: the ATR); any other 1-byte body is a 1-byte APDU from a PC/SC client and is answered
/// '6700' (docs/simulator.md: a 1-byte APDU 00, 01, 02 or 04 cannot be told from a control code).
/// Any longer body is a command APDU and gets the response APDU. Connected means
/// inserted; closing the socket removes the card. A length-0 message is never sent, since pcscd
/// would then block the reader until the socket closes.</para>
/// <para>Latency: vpcd writes the length and the body in two sends without TCP_NODELAY, so with
/// default socket options each APDU waits about 44 ms for a delayed ACK. The client sets
/// TCP_NODELAY, re-arms TCP_QUICKACK before every receive (Linux clears it), and writes each reply
/// in a single send, which brings the round trip through pcscd to about 0.1 ms.</para>
/// </remarks>
public sealed class VpcdClient : IAsyncDisposable
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private const byte PowerOff = 0x00;
    private const byte PowerOn = 0x01;
    private const byte Reset = 0x02;
    private const byte GetAtr = 0x04;
    private static readonly byte[] QuickAckOn = [1, 0, 0, 0];

    private readonly SimulatedCard _card;
    private readonly ILogger _logger;
    private readonly byte[] _request = new byte[ushort.MaxValue];
    private readonly byte[] _reply = new byte[2 + 65_538];
    private readonly Lock _lock = new();
    private CancellationTokenSource? _running;
    private Task? _loop;
    private volatile bool _connected;
    private long _apdus;

    /// <summary>Initializes a client for one card.</summary>
    /// <param name="card">The card to put behind the reader.</param>
    /// <param name="options">Where vpcd listens; 127.0.0.1:35963 when <see langword="null"/>.</param>
    /// <param name="logger">Where control messages and APDU headers are logged; none when <see langword="null"/>.</param>
    public VpcdClient(SimulatedCard card, VpcdClientOptions? options = null, ILogger<VpcdClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
        Options = options ?? new VpcdClientOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets where the client connects.</summary>
    public VpcdClientOptions Options { get; }

    /// <summary>Gets the card behind the reader.</summary>
    public SimulatedCard Card => _card;

    /// <summary>Gets whether the client is connected to vpcd now (the card is inserted).</summary>
    public bool IsConnected => _connected;

    /// <summary>Gets the number of command APDUs answered so far.</summary>
    public long ApduCount => Interlocked.Read(ref _apdus);

    /// <summary>Starts serving in the background: the card is inserted as soon as vpcd is reachable.</summary>
    /// <exception cref="InvalidOperationException">The client is already running.</exception>
    public void Start()
    {
        lock (_lock)
        {
            if (_running is not null)
            {
                throw new InvalidOperationException("The vpcd client is already running; stop it first.");
            }

            _running = new CancellationTokenSource();
            var token = _running.Token;
            _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
    }

    /// <summary>Stops serving and closes the socket: the card is removed from the reader.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task StopAsync()
    {
        CancellationTokenSource? running;
        Task? loop;
        lock (_lock)
        {
            running = _running;
            loop = _loop;
            _running = null;
            _loop = null;
        }

        if (running is null)
        {
            return;
        }

        await running.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop!.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping is the expected end of the loop
        }
        finally
        {
            running.Dispose();
        }
    }

    /// <summary>Serves the card until cancelled, reconnecting whenever pcscd is absent or restarts.</summary>
    /// <param name="cancellationToken">Ends the session and removes the card.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = Options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            string reason;
            try
            {
                await socket.ConnectAsync(Options.Host, Options.Port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                VpcdLog.Unreachable(_logger, Options.Host, Options.Port, ex.SocketErrorCode, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
                continue;
            }

            delay = Options.ReconnectDelay;
            _connected = true;
            VpcdLog.Connected(_logger, Options.Host, Options.Port);
            try
            {
                reason = await ServeAsync(socket, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                reason = ex.SocketErrorCode.ToString();
            }
            finally
            {
                _connected = false;
                _card.PowerOff();
            }

            cancellationToken.ThrowIfCancellationRequested();
            VpcdLog.Disconnected(_logger, Options.Host, Options.Port, reason, delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops the client (removing the card).</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static void ArmQuickAck(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, QuickAckOn);
        }
    }

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            ArmQuickAck(socket);
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    private async Task<string> ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        while (true)
        {
            if (!await ReceiveExactlyAsync(socket, header, cancellationToken).ConfigureAwait(false))
            {
                return "closed by pcscd";
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (length == 0)
            {
                continue;
            }

            if (!await ReceiveExactlyAsync(socket, _request.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
            {
                return "closed by pcscd";
            }

            int replyLength;
            if (length == 1)
            {
                replyLength = Control(_request[0]);
                if (replyLength == 0)
                {
                    continue;
                }
            }
            else
            {
                try
                {
                    replyLength = Apdu(length);
                }
                catch (CardPowerLostException)
                {
                    return "the card lost power (removed)";
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(_reply, (ushort)replyLength);
            await socket.SendAsync(_reply.AsMemory(0, 2 + replyLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Control(byte control)
    {
        switch (control)
        {
            case PowerOff:
                VpcdLog.Control(_logger, "power off");
                _card.PowerOff();
                return 0;
            case PowerOn:
                VpcdLog.Control(_logger, "power on");
                _card.PowerOn();
                return 0;
            case Reset:
                VpcdLog.Control(_logger, "reset");
                _card.Reset();
                return 0;
            case GetAtr:
                VpcdLog.Control(_logger, "get ATR");
                _card.Atr.Span.CopyTo(_reply.AsSpan(2));
                return _card.Atr.Length;
            default:
                // vpcd forwards a 1-byte APDU as a 1-byte message, the same frame as a control code.
                // Anything that is not one of the four codes can only be such an APDU: a card answers
                // a command too short to hold a header with '6700'. Staying silent would leave pcscd
                // waiting for an answer and block the reader for every client.
                VpcdLog.OneByteApdu(_logger, control);
                _reply[2] = 0x67;
                _reply[3] = 0x00;
                return 2;
        }
    }

    private int Apdu(int length)
    {
        var response = _reply.AsSpan(2);
        var (cla, ins, p1, p2) = (_request[0], _request[1], _request[2], _request[3]);
        int written;
        try
        {
            written = _card.Transmit(_request.AsSpan(0, length), response);
        }
        catch (CardPowerLostException)
        {
            throw;
        }
        catch (CardCommunicationException)
        {
            // not powered: a real card would be mute; answer "no precise diagnosis" rather than nothing
            response[0] = 0x6F;
            response[1] = 0x00;
            written = 2;
        }
        finally
        {
            _request.AsSpan(0, length).Clear();
        }

        Interlocked.Increment(ref _apdus);
        VpcdLog.Apdu(_logger, cla, ins, p1, p2, length, response[written - 2], response[written - 1], written);
        return written;
    }
}
