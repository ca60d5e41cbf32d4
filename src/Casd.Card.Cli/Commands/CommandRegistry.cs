using System.CommandLine;
using System.CommandLine.Invocation;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// The command tree of casd-card on System.CommandLine: parsing, help (<c>-h</c>, <c>--help</c>),
/// suggestions for mistyped commands and options, response files (<c>@FILE</c>), the
/// <c>[suggest]</c> directive that <c>dotnet-suggest</c> completes with, and <c>--version</c>;
/// and the mapping of what can go wrong to the documented exit codes.
/// </summary>
internal sealed class CommandRegistry
{
    private readonly IReadOnlyList<ICliCommand> _commands;

    /// <summary>Initializes a registry of the given commands (tests register fakes or a subset).</summary>
    /// <param name="commands">The commands, in the order the help lists them.</param>
    public CommandRegistry(IReadOnlyList<ICliCommand> commands)
    {
        _commands = commands;
    }

    /// <summary>The commands of the tool, in the order the help lists them: add a new command here.</summary>
    public static CommandRegistry CreateDefault() => new(
    [
        new DemoCommand(),
        new ReadersCommand(),
        new MonitorCommand(),
        new InfoCommand(),
        new EnrolCommand(),
        new VerifyCommand(),
        new AuthenticateCommand(),
        new ChallengeCommand(),
        new CheckAssertionCommand(),
        new SimulateCommand(),
        new EvalCommand(),
    ]);

    /// <summary>Builds the root command with every registered command under it.</summary>
    public RootCommand BuildRoot()
    {
        // RootCommand brings --help/-h/-?, --version and the [suggest] directive; response files are on by default.
        var root = new RootCommand("casd-card: the CASD smart-card and match-on-card tool. 'casd-card <command> --help' shows a command's options.");
        foreach (var command in _commands)
        {
            root.Add(command.Build());
        }

        return root;
    }

    /// <summary>Parses the arguments and runs the command they name.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="output">Standard output: results, help.</param>
    /// <param name="error">Standard error: errors, usage on a usage error, progress.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = BuildRoot().Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Program handles Ctrl+C (and simulate handles SIGTERM) itself; unexpected exceptions keep their stack trace.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };

        if (result.Action is ParseErrorAction parseError)
        {
            // The library's report (suggestions for a mistyped word, the errors, the command's help), all on
            // standard error so that standard output stays clean for --json readers, with our usage exit code.
            parseError.ShowTypoCorrections = true;
            parseError.ShowHelp = true;
            invocation.Output = error;
            await result.InvokeAsync(invocation, cancellationToken);
            return ExitCodes.Usage;
        }

        try
        {
            return await result.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("casd-card: cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
