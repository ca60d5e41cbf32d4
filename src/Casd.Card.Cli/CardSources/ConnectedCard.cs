using Casd.Card.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>
/// A card a <see cref="CardSource"/> opened, together with the connection under it. The command that
/// opened it owns both and disposes this once: the card first (its secure channel closes and its
/// session keys are zeroed), then the connection (for PC/SC: the card handle and the PC/SC context the
/// connection established). <see cref="CasdCard.OpenAsync(ICardConnection, CasdCardOptions?, CancellationToken)"/>
/// leaves the connection to its caller, so without this nothing would close it.
/// </summary>
internal sealed class ConnectedCard : IAsyncDisposable
{
    private readonly ICardConnection _connection;
    private bool _disposed;

    /// <summary>Initializes the pair; from here on this object owns both.</summary>
    /// <param name="card">The card, opened on <paramref name="connection"/> without owning it.</param>
    /// <param name="connection">The connection.</param>
    public ConnectedCard(CasdCard card, ICardConnection connection)
    {
        Card = card;
        _connection = connection;
    }

    /// <summary>Gets the card, with the CASD application selected.</summary>
    public CasdCard Card { get; }

    /// <summary>Closes the card, then the connection.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Card.DisposeAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
