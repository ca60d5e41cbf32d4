using Casd.Card.Transport;

namespace Casd.Card.Cli.Tests.TestDoubles;

/// <summary>A card without the CASD application: every command is answered '6A82' (file or application not found).</summary>
internal sealed class NoApplicationConnection : ICardConnection
{
    public string ReaderName => FakeReaders.ReaderName;

    public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x00 };

    public CardProtocol Protocol => CardProtocol.T1;

    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        response.Span[0] = 0x6A;
        response.Span[1] = 0x82;
        return ValueTask.FromResult(2);
    }

    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<ICardTransaction>(new NoTransaction());

    private sealed class NoTransaction : ICardTransaction
    {
        public ValueTask EndAsync(CardDisposition disposition, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
