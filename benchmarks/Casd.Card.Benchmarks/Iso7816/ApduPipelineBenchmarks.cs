using BenchmarkDotNet.Attributes;
using Casd.Card.Iso7816;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.Iso7816;

/// <summary>
/// One case-2 APDU through the whole host pipeline to a card that answers at once, against the
/// bare encode + transmit + decode the pipeline wraps: the ratio is the pipeline's own cost.
/// </summary>
[MemoryDiagnoser]
public class ApduPipelineBenchmarks
{
    private readonly CommandApdu _getData = new(0x00, 0xCA, 0x5F, 0x20, expectedLength: 256);
    private readonly byte[] _send = new byte[16];
    private readonly byte[] _receive = new byte[258];
    private readonly InstantCard _card = new();
    private ApduPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup() => _pipeline = new ApduPipeline(_card, CardCapabilities.Extended);

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> BareEncodeTransmitDecode()
    {
        _getData.TryEncode(_send, ApduLengthFormat.Auto, out var sent);
        var received = await _card.TransmitAsync(_send.AsMemory(0, sent), _receive);
        return ResponseApdu.Parse(_receive.AsMemory(0, received)).StatusWord.Value;
    }

    [Benchmark]
    public async Task<int> ThroughPipeline() => (await _pipeline.TransmitAsync(_getData)).StatusWord.Value;

    /// <summary>A card that answers every command with 16 data bytes and 9000, synchronously.</summary>
    private sealed class InstantCard : ICardConnection
    {
        private static readonly byte[] Answer = [.. new byte[16], 0x90, 0x00];

        public string ReaderName => "instant";

        public ReadOnlyMemory<byte> Atr => ReadOnlyMemory<byte>.Empty;

        public CardProtocol Protocol => CardProtocol.T1;

        public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
        {
            Answer.CopyTo(response);
            return ValueTask.FromResult(Answer.Length);
        }

        public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
