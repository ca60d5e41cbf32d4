using Casd.Card.Transport;

namespace Casd.Card.Simulator.Transport;

/// <summary>Exclusive use of a simulated reader by one connection, as SCardBeginTransaction.</summary>
internal sealed class SimulatedCardTransaction : ICardTransaction
{
    private readonly SimulatedCardReader _reader;
    private readonly SimulatedCardConnection _connection;
    private readonly SimulatedCard _card;
    private int _ended;

    public SimulatedCardTransaction(SimulatedCardReader reader, SimulatedCardConnection connection, SimulatedCard card)
    {
        _reader = reader;
        _connection = connection;
        _card = card;
    }

    public ValueTask EndAsync(CardDisposition disposition, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            try
            {
                if (disposition is CardDisposition.Reset or CardDisposition.Unpower && _reader.IsStillInserted(_card, _reader.Insertion))
                {
                    _card.Reset();
                }
            }
            finally
            {
                _reader.ExitTransaction(_connection);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => EndAsync(CardDisposition.Leave);
}
