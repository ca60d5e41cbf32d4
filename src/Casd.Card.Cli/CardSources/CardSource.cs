namespace Casd.Card.Cli.CardSources;

/// <summary>
/// Where a command finds its card: the embedded simulator (<c>--simulator [STATE-FILE]</c>) or a
/// PC/SC reader (<c>--reader NAME</c>). Resolves to an opened <see cref="CasdCard"/>.
/// </summary>
internal abstract class CardSource
{
    /// <summary>The line printed when a command is given no card source.</summary>
    public const string HowToGetACard =
        "no card source given and no reader present: use --simulator [STATE-FILE] for the embedded simulator, or --reader NAME with a PC/SC reader (try 'casd-card demo' first).";

    /// <summary>Gets a short description for output, e.g. "simulator (card.nvm)".</summary>
    public abstract string Description { get; }

    /// <summary>Connects and selects the CASD application.</summary>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The card; dispose it.</returns>
    /// <exception cref="CardSourceException">No card can be reached.</exception>
    public abstract Task<CasdCard> OpenAsync(CancellationToken cancellationToken);
}
