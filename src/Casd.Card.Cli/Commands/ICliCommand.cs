using System.CommandLine;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// One sub-command of casd-card. Adding a command is one class implementing this (in its own file)
/// and one line in <see cref="CommandRegistry.CreateDefault"/>; docs/cli.md shows how.
/// </summary>
internal interface ICliCommand
{
    /// <summary>
    /// Builds the command: its name, one-line description, options (shared ones from
    /// <see cref="CommonOptions"/> and <see cref="CardSourceOptions"/>), checks, and action. The action
    /// reads option values from its <see cref="ParseResult"/>, writes to
    /// <c>ParseResult.InvocationConfiguration.Output</c> and <c>.Error</c>, and returns an exit code
    /// from <see cref="ExitCodes"/>.
    /// </summary>
    /// <returns>A new command; each run builds its own tree.</returns>
    Command Build();
}
