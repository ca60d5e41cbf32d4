using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card readers</c>: one line per PC/SC reader, with card presence and ATR.</summary>
internal sealed class ReadersCommand : ICliCommand
{
    private readonly Func<ICardReaderProvider> _provider;

    public ReadersCommand()
        : this(() => new PcscReaderProvider())
    {
    }

    internal ReadersCommand(Func<ICardReaderProvider> provider) => _provider = provider;

    public string Name => "readers";

    public string Summary => "List the PC/SC readers, whether a card is present, and its ATR.";

    public string Usage => "Usage: casd-card readers";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args[0]}'.");
        }

        IReadOnlyList<CardReaderInfo> readers;
        try
        {
            readers = await _provider().ListReadersAsync(cancellationToken);
        }
        catch (CardServiceUnavailableException)
        {
            error.WriteLine(PcscMessages.NoService);
            return ExitCodes.NoCard;
        }
        catch (CardException ex)
        {
            error.WriteLine($"casd-card readers: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (readers.Count == 0)
        {
            error.WriteLine(PcscMessages.NoReaders);
            return ExitCodes.NoCard;
        }

        foreach (var reader in readers)
        {
            output.WriteLine(PcscMessages.Describe(reader));
        }

        return ExitCodes.Success;
    }
}
