using BenchmarkDotNet.Attributes;
using Casd.Card.Interface;
using Casd.Card.Pcsc;
using Casd.Card.Pcsc.Native;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Vpcd;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.Pcsc;

/// <summary>
/// One short APDU round trip through a real pcscd and its vpcd driver to a card that answers at
/// once (the simulator's vpcd client, with TCP_NODELAY and TCP_QUICKACK): our
/// <see cref="PcscCardConnection"/> against a bare SCardTransmit P/Invoke loop on the same card
/// in the same run. The ratio is the binding's own overhead.
/// </summary>
/// <remarks>
/// Without pcscd and vpcd (or off Linux) both methods return at once and the setup prints why,
/// so a dry smoke run still passes; the numbers are then meaningless and say so.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public unsafe class PcscRoundTripBenchmarks
{
    private const string Reader = "Virtual PCD 00 01";
    private const int Port = 35964;

    // SELECT the CASD application without FCI (P2 = 0C): the answer is the bare 90 00.
    private static readonly byte[] Command = [0x00, 0xA4, 0x04, 0x0C, 0x0A, .. CasdCardInterface.Aid];
    private readonly byte[] _receive = new byte[PcscCardConnection.MaxResponseLength];
    private VpcdClient? _card;
    private PcscCardConnection? _connection;
    private nint _bareContext;
    private nint _bareCard;
    private nuint _bareProtocol;
    private string? _skipReason;

    [GlobalSetup]
    public void Setup()
    {
        _skipReason = Probe();
        if (_skipReason is not null)
        {
            Console.WriteLine("// PcscRoundTripBenchmarks skipped: " + _skipReason);
            return;
        }

        _card = new VpcdClient(new SimulatedCard(new SimulatedCardOptions { EnforceChannelAccessRules = true }), new VpcdClientOptions { Port = Port });
        _card.Start();
        var provider = new PcscReaderProvider();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!provider.ListReadersAsync().AsTask().GetAwaiter().GetResult().Any(r => r.Name == Reader && r.IsCardPresent))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"pcscd did not report the simulated card in '{Reader}' within 15 s.");
            }

            Thread.Sleep(50);
        }

        _connection = (PcscCardConnection)provider.ConnectAsync(Reader).AsTask().GetAwaiter().GetResult();
        nint context;
        Check(LinuxPcscNative.SCardEstablishContext(0, null, null, &context));
        _bareContext = context;
        var name = PcscStrings.ToUtf8Z(Reader);
        nint card;
        nuint protocol;
        fixed (byte* p = name)
        {
            Check(LinuxPcscNative.SCardConnect(_bareContext, p, 2, 3, &card, &protocol));
        }

        _bareCard = card;
        _bareProtocol = protocol;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_bareCard != 0)
        {
            LinuxPcscNative.SCardDisconnect(_bareCard, 0);
            LinuxPcscNative.SCardReleaseContext(_bareContext);
        }

        _connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _card?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public int BareSCardTransmit()
    {
        if (_skipReason is not null)
        {
            return 0;
        }

        var pci = new LinuxScardIoRequest { Protocol = _bareProtocol, PciLength = (nuint)sizeof(LinuxScardIoRequest) };
        var length = (nuint)_receive.Length;
        fixed (byte* send = Command)
        fixed (byte* receive = _receive)
        {
            Check(LinuxPcscNative.SCardTransmit(_bareCard, &pci, send, (nuint)Command.Length, null, receive, &length));
        }

        return (int)length;
    }

    [Benchmark]
    public int PcscCardConnectionTransmit()
    {
        if (_skipReason is not null)
        {
            return 0;
        }

        var pending = _connection!.TransmitAsync(Command, _receive);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the baseline calls pcsc-lite directly, which is Linux-only";
        }

        if (!File.Exists("/run/pcscd/pcscd.comm"))
        {
            return "pcscd is not running (/run/pcscd/pcscd.comm is missing); start it with 'bash .ci/pcscd.sh start'";
        }

        try
        {
            // the previous benchmark process's card may still be seen for one pcscd poll (~400 ms)
            for (var attempt = 0; ; attempt++)
            {
                var readers = new PcscReaderProvider().ListReadersAsync().AsTask().GetAwaiter().GetResult();
                var reader = readers.FirstOrDefault(r => r.Name == Reader);
                if (reader is null)
                {
                    return $"pcscd has no '{Reader}' reader; install vsmartcard-vpcd and restart pcscd";
                }

                if (!reader.IsCardPresent)
                {
                    break;
                }

                if (attempt == 60)
                {
                    return $"'{Reader}' already holds a card; stop whatever serves vpcd port {Port}";
                }

                Thread.Sleep(50);
            }
        }
        catch (CardException ex)
        {
            return ex.Message;
        }

        return null;
    }

    private static void Check(nint rc)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"PC/SC call failed with 0x{(uint)rc:X8}.");
        }
    }
}
