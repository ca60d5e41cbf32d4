namespace Casd.Card.Cli.CardSources;

/// <summary>A PC/SC reader. The PC/SC binding is wired into the tool after it merges; until then this says so.</summary>
internal sealed class ReaderCardSource : CardSource
{
    private readonly string _readerName;

    public ReaderCardSource(string readerName)
    {
        _readerName = readerName;
    }

    public override string Description => $"reader '{_readerName}'";

    public override Task<CasdCard> OpenAsync(CancellationToken cancellationToken) =>
        throw new CardSourceException($"PC/SC readers are not available in this build of casd-card yet (reader '{_readerName}'); use --simulator [STATE-FILE] instead.");
}
