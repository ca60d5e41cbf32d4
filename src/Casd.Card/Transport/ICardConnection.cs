namespace Casd.Card.Transport;

/// <summary>
/// A connection to one card: raw APDU bytes in, raw response bytes out. Everything above this
/// seam (APDU formatting, secure channels, the CASD workflows) runs unchanged on any
/// implementation: PC/SC, the in-process simulator, or an adapter over another library.
/// </summary>
/// <remarks>
/// Implementations are not required to support concurrent transmissions; the APDU pipeline
/// serialises its own use of a connection.
/// </remarks>
public interface ICardConnection : IAsyncDisposable
{
    /// <summary>Gets the name of the reader (or simulated slot) the card sits in.</summary>
    string ReaderName { get; }

    /// <summary>Gets the card's answer to reset as last reported.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>Gets the active transmission protocol.</summary>
    CardProtocol Protocol { get; }

    /// <summary>Sends one command APDU and receives the card's response into a caller buffer.</summary>
    /// <param name="command">The encoded command APDU.</param>
    /// <param name="response">Where the response (data and status word) is written; 65,538 bytes fit any response.</param>
    /// <param name="cancellationToken">Cancels the exchange where the transport allows it.</param>
    /// <returns>The number of response bytes written, at least 2.</returns>
    /// <exception cref="CardRemovedException">The card is gone.</exception>
    /// <exception cref="CardCommunicationException">The exchange failed.</exception>
    ValueTask<int> TransmitAsync(ReadOnlyMemory<byte> command, Memory<byte> response, CancellationToken cancellationToken = default);

    /// <summary>Resets the card; every session state on the card is lost.</summary>
    /// <param name="kind">Warm or cold reset.</param>
    /// <param name="cancellationToken">Cancels the wait for the reader.</param>
    /// <returns>A task that completes when the card has answered to reset again.</returns>
    ValueTask ResetAsync(CardResetKind kind, CancellationToken cancellationToken = default);

    /// <summary>Begins a transaction: exclusive use of the card until the transaction ends.</summary>
    /// <param name="cancellationToken">Cancels the wait for the card.</param>
    /// <returns>The transaction; dispose it to end it.</returns>
    /// <exception cref="CardResetException">Another application reset the card since it was last used here.</exception>
    ValueTask<ICardTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);
}
