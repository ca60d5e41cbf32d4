using Casd.Card.Transport;

namespace Casd.Card.Reliability.Fuzzing;

/// <summary>Passes everything to a connection and keeps every command and response as the wire carried them: seeds for the APDU targets.</summary>
internal sealed class RecordingConnection(ICardConnection inner, List<byte[]> commands, List<byte[]> responses) : ICardConnection
{
    public string ReaderName => inner.ReaderName;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardProtocol Protocol => inner.Protocol;

    public async ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        commands.Add(command.ToArray());
        var length = await inner.TransmitAsync(command, response, cancellationToken);
        responses.Add(response[..length].ToArray());
        return length;
    }

    public ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default) => inner.ResetAsync(kind, cancellationToken);

    public ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => inner.BeginTransactionAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
