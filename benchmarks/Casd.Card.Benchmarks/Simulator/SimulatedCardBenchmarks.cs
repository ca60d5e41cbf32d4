using BenchmarkDotNet.Attributes;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.Simulator;

/// <summary>
/// GET DATA of the card serial on the simulated card: the card OS and applet alone (baseline),
/// then the same APDU through the in-process connection and the host pipeline. The ratio is
/// what the in-process transport and the pipeline add to the card's own work.
/// </summary>
[MemoryDiagnoser]
public class SimulatedCardBenchmarks
{
    private readonly byte[] _getSerial = CasdCommands.GetData(CasdTags.CardSerial).ToArray();
    private readonly byte[] _response = new byte[258];
    private SimulatedCard _card = null!;
    private ICardConnection _connection = null!;
    private ApduPipeline _pipeline = null!;
    private CommandApdu _command = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        // A faithful card (the access rules on, the default): GET DATA of the serial is public.
        _card = new SimulatedCard(new SimulatedCardOptions { Serial = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, EnforceChannelAccessRules = true });
        var reader = new SimulatedCardReader();
        reader.Insert(_card);
        _connection = await reader.ConnectAsync();
        _pipeline = new ApduPipeline(_connection, CardCapabilities.Extended);
        await _pipeline.TransmitAsync(CasdCommands.Select());
        _command = CasdCommands.GetData(CasdTags.CardSerial);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _pipeline.Dispose();
        await _connection.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public int CardAlone() => _card.Transmit(_getSerial, _response);

    [Benchmark]
    public async Task<int> ThroughConnectionAndPipeline() => (await _pipeline.TransmitAsync(_command)).StatusWord.Value;
}
