using Casd.Card.Transport;

namespace Casd.Card.Pcsc;

/// <summary>An SCardBeginTransaction held on a connection until ended or disposed.</summary>
internal sealed class PcscCardTransaction : ICardTransaction
{
    private readonly PcscCardConnection _connection;
    private bool _ended;

    public PcscCardTransaction(PcscCardConnection connection) => _connection = connection;

    public ValueTask EndAsync(CardDisposition disposition, CancellationToken cancellationToken = default)
    {
        if (!_ended)
        {
            _ended = true;
            _connection.EndTransaction(disposition, cancellationToken);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => EndAsync(CardDisposition.Leave);
}
