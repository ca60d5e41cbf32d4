using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card monitor</c>: prints reader and card events until Ctrl+C.</summary>
internal sealed class MonitorCommand : ICliCommand
{
    private readonly Func<ICardReaderProvider> _provider;
    private readonly Func<ICardReaderMonitor> _monitor;

    public MonitorCommand()
        : this(() => new PcscReaderProvider(), () => new PcscReaderMonitor())
    {
    }

    internal MonitorCommand(Func<ICardReaderProvider> provider, Func<ICardReaderMonitor> monitor)
    {
        _provider = provider;
        _monitor = monitor;
    }

    public string Name => "monitor";

    public string Summary => "Print readers and cards coming and going until Ctrl+C.";

    public string Usage => "Usage: casd-card monitor";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args[0]}'.");
        }

        // Say once, clearly, why nothing will show up; the monitor itself keeps waiting for the service.
        try
        {
            var readers = await _provider().ListReadersAsync(cancellationToken);
            if (readers.Count == 0)
            {
                error.WriteLine(PcscMessages.NoReaders + " Waiting for one (Ctrl+C to stop).");
            }
        }
        catch (CardServiceUnavailableException)
        {
            error.WriteLine(PcscMessages.NoService + " Waiting for it (Ctrl+C to stop).");
        }

        await foreach (var change in _monitor().WatchAsync(cancellationToken))
        {
            output.WriteLine(PcscMessages.Describe(change));
            await output.FlushAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }
}
