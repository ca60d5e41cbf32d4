using Casd.Card.Transport;

namespace Casd.Card.Simulator.Transport;

/// <summary>Exclusive use of a simulated card by one connection.</summary>
internal sealed class SimulatedCardTransaction : ICardTransaction
{
    private readonly SemaphoreSlim _gate;
    private readonly SimulatedCard _card;
    private int _ended;

    public SimulatedCardTransaction(SemaphoreSlim gate, SimulatedCard card)
    {
        _gate = gate;
        _card = card;
    }

    public ValueTask EndAsync(CardDisposition disposition, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            if (disposition is CardDisposition.Reset or CardDisposition.Unpower)
            {
                _card.Reset();
            }

            _gate.Release();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => EndAsync(CardDisposition.Leave);
}
