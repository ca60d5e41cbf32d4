using System.CommandLine;
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

    public Command Build()
    {
        var json = CommonOptions.Json("Print JSON lines, one object per event: {\"kind\", \"reader\", \"atr\"}.");
        var command = new Command("monitor", "Print readers and cards coming and going until Ctrl+C; survives a pcscd restart.") { json };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
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

        // The enumerator owns the PC/SC context it watches with; await foreach disposes it, which releases the context.
        await foreach (var change in _monitor().WatchAsync(cancellationToken))
        {
            if (json)
            {
                JsonOutput.WriteLine(output, PcscMessages.ToJson(change));
            }
            else
            {
                output.WriteLine(PcscMessages.Describe(change));
            }

            await output.FlushAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }
}
