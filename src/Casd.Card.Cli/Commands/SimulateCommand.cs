using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.InteropServices;
using Casd.Card.Cli.CardSources;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
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
    public Command Build()
    {
        var port = new Option<int>("--port")
        {
            HelpName = "PORT",
            Description = "The vpcd reader slot: 35963 is 'Virtual PCD 00 00', 35964 is 'Virtual PCD 00 01'.",
            DefaultValueFactory = _ => VpcdClientOptions.DefaultPort,
            CustomParser = ParsePort,
        };
        var host = new Option<string>("--host") { HelpName = "HOST", Description = "Where vpcd listens.", DefaultValueFactory = _ => "127.0.0.1" };
        var state = new Option<string>("--state")
        {
            HelpName = "FILE",
            Description = "Keep the card's memory in FILE, so it survives restarts (default: in memory).",
        };
        state.Validators.Add(PathChecks.FileInExistingFolder);
        var verbose = new Option<bool>("--verbose") { Description = "Log control messages and APDU headers." };
        var trace = new Option<bool>("--trace") { Description = "Print every exchange with timings (data of sensitive commands redacted)." };
        var command = new Command("simulate", "Run a simulated card (access rules on, development keys) behind pcscd's vsmartcard-vpcd driver until Ctrl+C or SIGTERM.")
        {
            port, host, state, verbose, trace,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(port),
            result.GetValue(host) ?? "127.0.0.1",
            result.GetValue(state),
            result.GetValue(verbose),
            result.GetValue(trace),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        result.AddError($"--port takes a TCP port number (1-65535), not '{text}'.");
        return 0;
    }

    private static async Task<int> RunAsync(int port, string host, string? state, bool verbose, bool trace, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SimulatedCard card;
        try
        {
            card = DevelopmentCardKeys.OpenCard(state is null ? new MemoryNvmStore() : new FileNvmStore(state));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CardDataFormatException or NvmStorageKeyException)
        {
            error.WriteLine($"casd-card simulate: cannot use the simulator state file '{state}': {ex.Message}");
            return ExitCodes.NoCard;
        }

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
}
