using System.Globalization;
using System.Runtime.InteropServices;
using Casd.Card.Cli.CardSources;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.Tracing;
using Casd.Card.Simulator.Vpcd;
using Microsoft.Extensions.Logging;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card simulate</c>: runs a simulated CASD card behind pcscd's vpcd reader driver until
/// Ctrl+C, so any PC/SC program (and casd-card itself) sees it in a reader.
/// </summary>
internal sealed class SimulateCommand : ICliCommand
{
    public string Name => "simulate";

    public string Summary => "Run a simulated card behind pcscd (vsmartcard-vpcd) until Ctrl+C.";

    public string Usage =>
        "Usage: casd-card simulate [--port 35963] [--host 127.0.0.1] [--state FILE] [--verbose] [--trace]\n" +
        "  --port     the vpcd reader slot: 35963 is 'Virtual PCD 00 00', 35964 is 'Virtual PCD 00 01'\n" +
        "  --state    keep the card's memory in FILE, so it survives restarts (default: in memory)\n" +
        "  --verbose  log control messages and APDU headers\n" +
        "  --trace    print every exchange with timings (data of sensitive commands redacted)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var port = VpcdClientOptions.DefaultPort;
        var host = "127.0.0.1";
        string? state = null;
        var verbose = false;
        var trace = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    if (!int.TryParse(Value(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                    {
                        throw new UsageException($"--port takes a TCP port number (1-65535), not '{args[i]}'.");
                    }

                    break;
                case "--host":
                    host = Value(args, ref i);
                    break;
                case "--state":
                    state = Value(args, ref i);
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--trace":
                    trace = true;
                    break;
                default:
                    throw new UsageException($"unexpected argument '{args[i]}'.");
            }
        }

        var card = DevelopmentCardKeys.OpenCard(state is null ? new MemoryNvmStore() : new FileNvmStore(state));
        if (trace)
        {
            // The trace already leaves out the data of sensitive commands, so it is safe to print.
            var apduTrace = new ApduTrace(capacity: 64);
            var console = TextWriter.Synchronized(output);
            apduTrace.EntryRecorded += (_, entry) => console.WriteLine(entry.ToString());
            card.Trace = apduTrace;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));
        await using var client = new VpcdClient(card, new VpcdClientOptions { Host = host, Port = port }, loggerFactory.CreateLogger<VpcdClient>());
        output.WriteLine($"Simulated CASD card {card.Serial} (ATR {CardAtr.Hex}) served to vpcd at {host}:{port}{(state is null ? string.Empty : ", state in " + state)}; Ctrl+C to stop.");
        await output.FlushAsync(cancellationToken);
        // SIGTERM (a service manager, a test harness) removes the card as cleanly as Ctrl+C does.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await client.RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine("Card removed; simulator stopped.");
        }

        return ExitCodes.Success;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"{args[i]} needs a value.");
        }

        i++;
        return args[i];
    }
}
