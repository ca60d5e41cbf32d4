namespace Casd.Card.Cli.Commands;

/// <summary>One sub-command of casd-card.</summary>
internal interface ICliCommand
{
    /// <summary>Gets the word that selects the command, e.g. <c>readers</c>.</summary>
    string Name { get; }

    /// <summary>Gets the one-line summary shown in the help.</summary>
    string Summary { get; }

    /// <summary>Gets the usage text shown by <c>casd-card NAME --help</c> and on a usage error.</summary>
    string Usage { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after the command's name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The process exit code (see <see cref="ExitCodes"/>).</returns>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}
