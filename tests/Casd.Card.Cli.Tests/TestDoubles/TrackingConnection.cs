using Casd.Card.Transport;

namespace Casd.Card.Cli.Tests.TestDoubles;

/// <summary>A card connection that passes everything to another and counts how often it was disposed.</summary>
internal sealed class TrackingConnection(ICardConnection inner) : ICardConnection
{
    public int DisposeCount { get; private set; }

    public string ReaderName => inner.ReaderName;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardProtocol Protocol => inner.Protocol;

    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(DisposeCount > 0, this);
        return inner.TransmitAsync(command, response, cancellationToken);
    }

    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => inner.ResetAsync(kind, cancellationToken);

    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => inner.BeginTransactionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        DisposeCount++;
        await inner.DisposeAsync();
    }
}
