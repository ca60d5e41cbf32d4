using Casd.Card.Cli.Commands;

namespace Casd.Card.Cli.Tests;

/// <summary>Runs the command tree in the test process, with its output captured: faster than <see cref="CliProcess"/>, and fakes can be injected.</summary>
internal static class CliInProcess
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(CommandRegistry.CreateDefault(), TestContext.Current.CancellationToken, args);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CommandRegistry registry, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await registry.RunAsync(args, output, error, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
