using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>No --simulator or --reader given: says which reader to pass when PC/SC has some, otherwise how to get a card.</summary>
internal sealed class MissingCardSource : CardSource
{
    private readonly Func<ICardReaderProvider> _provider;

    public MissingCardSource(Func<ICardReaderProvider>? provider = null)
    {
        _provider = provider ?? (() => new PcscReaderProvider());
    }

    public override string Description => "no card source";

    public override async Task<ConnectedCard> OpenAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CardReaderInfo> readers;
        try
        {
            readers = await _provider().ListReadersAsync(cancellationToken);
        }
        catch (CardException)
        {
            readers = [];
        }

        if (readers.Count == 0)
        {
            throw new CardSourceException(HowToGetACard);
        }

        var names = string.Join(", ", readers.Select(r => $"--reader '{r.Name}'{(r.IsCardPresent ? " (card present)" : " (no card)")}"));
        throw new CardSourceException($"no card source given: pass one of {names}, or --simulator [STATE-FILE] for the embedded simulator.");
    }
}
