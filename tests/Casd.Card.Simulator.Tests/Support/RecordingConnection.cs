using Casd.Card.Transport;

namespace Casd.Card.Simulator.Tests.Support;

/// <summary>A reader link that records every command APDU exactly as framed on the wire, protected ones included.</summary>
internal sealed class RecordingConnection(ICardConnection inner) : ICardConnection
{
    public List<byte[]> Sent { get; } = [];

    public string ReaderName => inner.ReaderName;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardProtocol Protocol => inner.Protocol;

    public ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        Sent.Add(command.ToArray());
        return inner.TransmitAsync(command, response, cancellationToken);
    }

    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => inner.ResetAsync(kind, cancellationToken);

    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => inner.BeginTransactionAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
