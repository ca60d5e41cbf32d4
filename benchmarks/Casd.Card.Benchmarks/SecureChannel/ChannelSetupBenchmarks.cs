using BenchmarkDotNet.Attributes;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.SecureChannel;

/// <summary>
/// Opening a channel to the in-process simulator (host and card cryptography both in the
/// measurement), against a SELECT round trip through the same pipeline as the baseline.
/// </summary>
[MemoryDiagnoser]
public class ChannelSetupBenchmarks
{
    private const string Serial = "C45D000000000042";
    private DevelopmentScp11bAuthority _ca = null!;
    private Scp03StaticKeys _keys = null!;
    private ICardConnection _connection = null!;
    private ApduPipeline _pipeline = null!;
    private Scp11bOptions _scp11b = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _ca = DevelopmentScp11bAuthority.Create();
        using var credentials = _ca.IssueCardCredentials(Serial);
        var card = new SimulatedCard(new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(Serial),
            EnforceChannelAccessRules = true,
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        });
        var reader = new SimulatedCardReader();
        reader.Insert(card);
        _connection = await reader.ConnectAsync();
        _pipeline = new ApduPipeline(_connection, CardCapabilities.Extended);
        _keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        _scp11b = new Scp11bOptions { TrustAnchors = [_ca.Certificate], ExpectedCardSerial = Serial };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _pipeline.Dispose();
        await _connection.DisposeAsync();
        _keys.Dispose();
        _ca.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<ushort> Select() => (await _pipeline.TransmitAsync(CasdCommands.Select())).StatusWord.Value;

    [Benchmark]
    public async Task<bool> SelectAndOpenScp03()
    {
        await _pipeline.TransmitAsync(CasdCommands.Select());
        using var channel = await Scp03.OpenAsync(_pipeline, _keys);
        return channel.IsOpen;
    }

    [Benchmark]
    public async Task<bool> SelectAndOpenScp11b()
    {
        await _pipeline.TransmitAsync(CasdCommands.Select());
        using var channel = await Scp11b.OpenAsync(_pipeline, _scp11b);
        return channel.IsOpen;
    }
}
