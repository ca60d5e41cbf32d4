namespace Casd.Card.Transport;

/// <summary>
/// Exclusive access to a card for a sequence of commands that must not be interleaved with
/// another application's. Disposing ends the transaction and leaves the card as it is.
/// </summary>
public interface ICardTransaction : IAsyncDisposable
{
    /// <summary>Ends the transaction with the given disposition.</summary>
    /// <param name="disposition">What to do with the card as the transaction ends.</param>
    /// <param name="cancellationToken">Cancels the wait for the reader.</param>
    /// <returns>A task that completes when the transaction has ended.</returns>
    ValueTask EndAsync(CardDisposition disposition, CancellationToken cancellationToken = default);
}
