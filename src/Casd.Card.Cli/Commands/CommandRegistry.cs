namespace Casd.Card.Cli.Commands;

/// <summary>Dispatches the command line to a sub-command and prints help.</summary>
internal sealed class CommandRegistry
{
    private readonly Dictionary<string, ICliCommand> _commands = new(StringComparer.Ordinal);

    public static CommandRegistry CreateDefault()
    {
        var registry = new CommandRegistry();
        registry.Add(new DemoCommand());
        registry.Add(new EvalCommand());
        registry.Add(new ReadersCommand());
        registry.Add(new MonitorCommand());
        registry.Add(new SimulateCommand());
        registry.Add(new InfoCommand());
        registry.Add(new EnrolCommand());
        registry.Add(new VerifyCommand());
        registry.Add(new AuthenticateCommand());
        return registry;
    }

    public void Add(ICliCommand command) => _commands.Add(command.Name, command);

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            WriteHelp(output);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] is "--version")
        {
            output.WriteLine(typeof(CommandRegistry).Assembly.GetName().Version?.ToString(3) ?? "unknown");
            return ExitCodes.Success;
        }

        if (!_commands.TryGetValue(args[0], out var command))
        {
            error.WriteLine($"casd-card: unknown command '{args[0]}'. Run 'casd-card --help' for the list of commands.");
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToArray();
        if (rest is ["-h" or "--help"])
        {
            output.WriteLine(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, output, error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("casd-card: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"casd-card {command.Name}: {ex.Message}");
            error.WriteLine(command.Usage);
            return ExitCodes.Usage;
        }
    }

    private void WriteHelp(TextWriter output)
    {
        output.WriteLine("casd-card: CASD smart-card and match-on-card tool");
        output.WriteLine();
        output.WriteLine("Usage: casd-card <command> [options]   (casd-card <command> --help for details)");
        output.WriteLine();
        foreach (var command in _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"  {command.Name,-14}{command.Summary}");
        }
    }
}
