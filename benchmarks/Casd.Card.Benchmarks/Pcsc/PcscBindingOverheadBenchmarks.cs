using BenchmarkDotNet.Attributes;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.Pcsc;

/// <summary>
/// The binding's own cost per APDU, without pcscd's noise: <see cref="PcscCardConnection"/> over a
/// PC/SC service that answers at once, against calling that service directly. Compare the
/// difference with the median round trip of <see cref="PcscRoundTripBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class PcscBindingOverheadBenchmarks
{
    private static readonly byte[] Command = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];
    private readonly byte[] _receive = new byte[PcscCardConnection.MaxResponseLength];
    private readonly InstantPcscApi _api = new();
    private ICardConnection _connection = null!;

    [GlobalSetup]
    public void Setup() => _connection = new PcscReaderProvider(_api, null).ConnectAsync("Instant").AsTask().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _connection.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public int ServiceDirectly()
    {
        _api.Transmit(2, PcscProtocols.T1, Command, _receive, out var received);
        return received;
    }

    [Benchmark]
    public int ThroughPcscCardConnection()
    {
        var pending = _connection.TransmitAsync(Command, _receive);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
