using Casd.Card.Transport;

namespace Casd.Card.Simulator.Transport;

/// <summary>
/// An in-process reader slot: insert and remove <see cref="SimulatedCard"/>s and connect to the
/// card present through <see cref="ICardConnection"/>, so the whole host stack runs without PC/SC.
/// </summary>
public sealed class SimulatedCardReader
{
    private readonly Lock _lock = new();
    private SimulatedCard? _card;
    private int _insertion;

    /// <summary>Initializes an empty reader.</summary>
    /// <param name="name">The reader name reported by connections.</param>
    public SimulatedCardReader(string name = "Casd Simulated Reader 0")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>Raised after a card is inserted or removed.</summary>
    public event EventHandler? CardChanged;

    /// <summary>Gets the reader name.</summary>
    public string Name { get; }

    /// <summary>Gets or sets the faults injected on connections made from now on; none when <see langword="null"/>.</summary>
    public FaultPlan? Faults { get; set; }

    /// <summary>Gets the card in the reader, if any.</summary>
    public SimulatedCard? Card
    {
        get
        {
            lock (_lock)
            {
                return _card;
            }
        }
    }

    internal int Insertion
    {
        get
        {
            lock (_lock)
            {
                return _insertion;
            }
        }
    }

    /// <summary>Inserts a card and powers it up.</summary>
    /// <param name="card">The card.</param>
    /// <exception cref="InvalidOperationException">A card is already inserted.</exception>
    public void Insert(SimulatedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (_lock)
        {
            if (_card is not null)
            {
                throw new InvalidOperationException("The reader already holds a card; remove it first.");
            }

            card.PowerOn();
            _card = card;
            _insertion++;
        }

        CardChanged?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Removes the card (power off); open connections fail with <see cref="CardRemovedException"/>.</summary>
    /// <returns>The card removed, or <see langword="null"/> when the reader was empty.</returns>
    public SimulatedCard? Remove()
    {
        SimulatedCard? card;
        lock (_lock)
        {
            card = _card;
            _card = null;
            _insertion++;
            card?.PowerOff();
        }

        if (card is not null)
        {
            CardChanged?.Invoke(this, EventArgs.Empty);
        }

        return card;
    }

    /// <summary>Connects to the card in the reader.</summary>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="CardRemovedException">No card is inserted.</exception>
    public ValueTask<ICardConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_card is null)
            {
                throw new CardRemovedException($"No card in reader '{Name}'.");
            }

            Faults?.ResetCount();
            return ValueTask.FromResult<ICardConnection>(new SimulatedCardConnection(this, _card, _insertion, Faults));
        }
    }

    internal bool IsStillInserted(SimulatedCard card, int insertion)
    {
        lock (_lock)
        {
            return ReferenceEquals(_card, card) && _insertion == insertion;
        }
    }
}
