using Casd.Card.Transport;

namespace Casd.Card.Simulator.Transport;

/// <summary>
/// An in-process reader slot: insert and remove <see cref="SimulatedCard"/>s and connect to the
/// card present through <see cref="ICardConnection"/>, so the whole host stack runs without PC/SC.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim's wait handle is never requested, so it holds no OS resource to dispose.")]
public sealed class SimulatedCardReader
{
    private readonly Lock _lock = new();

    // PC/SC transactions are per reader: while one connection holds it, other connections' commands wait.
    private readonly SemaphoreSlim _transactionGate = new(1, 1);
    private SimulatedCard? _card;
    private int _insertion;
    private SimulatedCardConnection? _transactionHolder;

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

    /// <summary>Waits for the reader's transaction and gives it to a connection.</summary>
    internal async ValueTask EnterTransactionAsync(SimulatedCardConnection connection, CancellationToken cancellationToken)
    {
        await _transactionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _transactionHolder = connection;
        }
    }

    /// <summary>Ends a connection's transaction; nothing when it does not hold it.</summary>
    internal void ExitTransaction(SimulatedCardConnection connection)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_transactionHolder, connection))
            {
                return;
            }

            _transactionHolder = null;
        }

        _transactionGate.Release();
    }

    /// <summary>Whether another connection holds the transaction, so a command from this one must wait.</summary>
    internal bool IsHeldByOther(SimulatedCardConnection connection)
    {
        lock (_lock)
        {
            return _transactionHolder is not null && !ReferenceEquals(_transactionHolder, connection);
        }
    }

    /// <summary>Waits until no other connection holds the transaction, for one command outside any transaction.</summary>
    internal async ValueTask WaitOutsideTransactionAsync(CancellationToken cancellationToken)
    {
        await _transactionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _transactionGate.Release();
    }

    internal bool IsStillInserted(SimulatedCard card, int insertion)
    {
        lock (_lock)
        {
            return ReferenceEquals(_card, card) && _insertion == insertion;
        }
    }
}
