using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.CardSources;

/// <summary>A PC/SC reader, through <see cref="PcscReaderProvider"/>; what can go wrong becomes one line that says what to do.</summary>
internal sealed class ReaderCardSource : CardSource
{
    public const string NoService =
        "the PC/SC service is not running: install and start pcscd (Debian/Ubuntu: sudo apt-get install pcscd && sudo systemctl start pcscd.socket), or use --simulator [STATE-FILE].";

    private readonly string _readerName;
    private readonly Func<ICardReaderProvider> _provider;

    public ReaderCardSource(string readerName, Func<ICardReaderProvider>? provider = null)
    {
        _readerName = readerName;
        _provider = provider ?? (() => new PcscReaderProvider());
    }

    public override string Description => $"reader '{_readerName}'";

    public override async Task<CasdCard> OpenAsync(CancellationToken cancellationToken)
    {
        var provider = _provider();
        ICardConnection connection;
        try
        {
            connection = await provider.ConnectAsync(_readerName, CardShareMode.Shared, cancellationToken);
        }
        catch (CardServiceUnavailableException ex)
        {
            throw new CardSourceException(NoService, ex);
        }
        catch (CardReaderNotFoundException ex)
        {
            throw new CardSourceException($"no reader named '{_readerName}'; {await DescribeReadersAsync(provider, cancellationToken)}", ex);
        }
        catch (CardNotPresentException ex)
        {
            throw new CardSourceException($"reader '{_readerName}' holds no card: insert a CASD card (or serve a simulated one with 'casd-card simulate').", ex);
        }

        return await SelectAsync(connection, cancellationToken);
    }

    /// <summary>"available readers: 'A' (card present), 'B' (no card)", or how to get a reader.</summary>
    internal static async Task<string> DescribeReadersAsync(ICardReaderProvider provider, CancellationToken cancellationToken)
    {
        IReadOnlyList<CardReaderInfo> readers;
        try
        {
            readers = await provider.ListReadersAsync(cancellationToken);
        }
        catch (CardException)
        {
            return "the readers cannot be listed; run 'casd-card readers'.";
        }

        return readers.Count == 0
            ? "no reader is connected: connect one, or run 'casd-card simulate' and pass --reader 'Virtual PCD 00 00'."
            : "available readers: " + string.Join(", ", readers.Select(r => $"'{r.Name}' ({(r.IsCardPresent ? "card present" : "no card")})")) + ".";
    }
}
