namespace Casd.Card;

/// <summary>
/// Exclusive use of a <see cref="CasdCard"/> for a sequence of operations
/// (<see cref="CasdCard.BeginTransactionAsync"/>). Disposing ends it with the disposition chosen at
/// the start; a transaction begun inside another joins it, and only the outer one releases the card.
/// </summary>
public sealed class CasdCardTransaction : IAsyncDisposable
{
    private readonly CasdCard _card;
    private readonly TransactionEnd _end;
    private readonly bool _nested;
    private bool _ended;

    internal CasdCardTransaction(CasdCard card, TransactionEnd end, bool nested)
    {
        _card = card;
        _end = end;
        _nested = nested;
    }

    /// <summary>Gets whether this transaction joined one that was already held.</summary>
    public bool IsNested => _nested;

    /// <summary>
    /// Ends the transaction. With <see cref="TransactionEnd.ResetCard"/> the card is reset first (even when nested), so no
    /// verification, channel or authority survives; the next operation selects the application again.
    /// </summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        await _card.EndTransactionAsync(_nested, _end).ConfigureAwait(false);
    }
}
