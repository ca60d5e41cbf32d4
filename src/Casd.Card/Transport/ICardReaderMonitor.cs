namespace Casd.Card.Transport;

/// <summary>Watches readers for readers and cards coming and going.</summary>
public interface ICardReaderMonitor
{
    /// <summary>
    /// Streams reader events until cancelled. The first events describe the state at start
    /// (a <see cref="ReaderEventKind.ReaderAdded"/> per reader, then a
    /// <see cref="ReaderEventKind.CardInserted"/> per present card).
    /// </summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The events, in the order they were seen.</returns>
    IAsyncEnumerable<ReaderEvent> WatchAsync(CancellationToken cancellationToken = default);
}
