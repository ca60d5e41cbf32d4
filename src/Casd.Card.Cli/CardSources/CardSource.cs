using Casd.Card.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>
/// Where a command finds its card: the embedded simulator (<c>--simulator [STATE-FILE]</c>) or a
/// PC/SC reader (<c>--reader NAME</c>). Resolves to an opened <see cref="CasdCard"/> whose channels
/// are the real SCP03 (desk) and SCP11b (client) with the tool's development keys.
/// </summary>
internal abstract class CardSource
{
    /// <summary>The line printed when a command is given no card source and none can be suggested.</summary>
    public const string HowToGetACard =
        "no card source given and no reader present: use --simulator [STATE-FILE] for the embedded simulator, or run 'casd-card simulate' and pass --reader 'Virtual PCD 00 00' (try 'casd-card demo' first).";

    /// <summary>Gets a short description for output, e.g. "simulator (card.nvm)".</summary>
    public abstract string Description { get; }

    /// <summary>Gets or sets the clock the SCP11b certificate validity is judged by.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets where the protocol and level of each opened channel are reported; nowhere when <see langword="null"/>.</summary>
    public Action<string>? ChannelReport { get; set; }

    /// <summary>Connects and selects the CASD application.</summary>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The card, owning its connection; the caller disposes it.</returns>
    /// <exception cref="CardSourceException">No card can be reached.</exception>
    public abstract Task<CasdCard> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Selects the CASD application on a new connection, which the card then owns (and closes when opening fails).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels the selection.</param>
    /// <returns>The card; disposing it resets the card when a channel was opened, then closes the connection.</returns>
    protected Task<CasdCard> SelectAsync(ICardConnection connection, CancellationToken cancellationToken) =>
        CasdCard.OpenAsync(connection, leaveOpen: false, CardOptions(), cancellationToken);

    /// <summary>The card options: the development secure-channel factory, reporting what it opens.</summary>
    protected CasdCardOptions CardOptions()
    {
        ICardChannelFactory factory = DevelopmentCardKeys.CreateChannelFactory(Clock);
        if (ChannelReport is { } report)
        {
            factory = new ChannelReportingFactory(factory, report);
        }

        return new CasdCardOptions { ChannelFactory = factory };
    }
}
