using System.CommandLine.Parsing;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// Checks of paths the tool will write, run while parsing so that a wrong path is a usage error
/// (exit 2) before any card is touched, not a failure halfway through an enrolment.
/// </summary>
internal static class PathChecks
{
    /// <summary>
    /// The file may be absent (it is created), but its folder must exist and the path must not be a folder:
    /// a state file in a missing folder would otherwise look usable until the card's first write.
    /// </summary>
    /// <param name="result">The option's parse result.</param>
    public static void FileInExistingFolder(OptionResult result)
    {
        var path = result.GetValueOrDefault<string?>();
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var name = result.Option.Name;
        if (Directory.Exists(path))
        {
            result.AddError($"{name}: '{path}' is a folder; give the path of a file.");
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            result.AddError($"{name}: the folder '{folder}' does not exist; create it or choose another path for '{path}'.");
        }
    }
}
