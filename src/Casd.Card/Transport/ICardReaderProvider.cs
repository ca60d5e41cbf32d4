namespace Casd.Card.Transport;

/// <summary>Discovers readers and connects to the cards in them.</summary>
public interface ICardReaderProvider
{
    /// <summary>Lists the readers present now. No reader is an empty list, not an error.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The readers, with card presence and ATR.</returns>
    ValueTask<IReadOnlyList<CardReaderInfo>> ListReadersAsync(CancellationToken cancellationToken = default);

    /// <summary>Connects to the card in a reader.</summary>
    /// <param name="readerName">The reader's exact name.</param>
    /// <param name="shareMode">Shared (default) or exclusive access.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open connection; dispose it to disconnect.</returns>
    ValueTask<ICardConnection> ConnectAsync(string readerName, CardShareMode shareMode = CardShareMode.Shared, CancellationToken cancellationToken = default);
}
