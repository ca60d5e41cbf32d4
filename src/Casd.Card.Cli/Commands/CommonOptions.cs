using System.CommandLine;
using Casd.Card.Biometrics;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// The options several commands share, made here so that each has one name, one help text and one
/// set of checks wherever it appears. Each call makes a new option: a command owns its options.
/// </summary>
internal static class CommonOptions
{
    /// <summary><c>--json</c>: one JSON object on standard output instead of text (<see cref="JsonOutput"/>).</summary>
    public static Option<bool> Json(string description = "Print one JSON object for machines instead of text.") =>
        new("--json") { Description = description };

    /// <summary><c>--finger RECORD</c>, required: one minutiae record file, which must exist.</summary>
    /// <param name="description">What the record is used for.</param>
    public static Option<FileInfo> Finger(string description)
    {
        var option = new Option<FileInfo>("--finger")
        {
            HelpName = "RECORD",
            Description = description,
            Required = true,
        };
        return option.AcceptExistingOnly();
    }

    /// <summary><c>--first-finger-only</c>: match finger 1 only, never fall back to finger 2.</summary>
    public static Option<bool> FirstFingerOnly() =>
        new("--first-finger-only") { Description = "Match against finger 1 only (by default finger 2 is tried when finger 1 does not match)." };

    /// <summary><c>--audience ID</c>: the remote-access server's identifier, whose SHA-256 the card signs.</summary>
    /// <param name="description">What the audience is for here.</param>
    /// <param name="required">Whether the command needs it.</param>
    public static Option<string> Audience(string description, bool required = false) =>
        new("--audience") { HelpName = "ID", Description = description, Required = required };

    /// <summary>Parses <c>--challenge HEX</c>: 16 to 64 bytes, as a server issues them.</summary>
    /// <param name="result">The argument.</param>
    /// <returns>The challenge, or <see langword="null"/> with an error added.</returns>
    public static byte[]? ParseChallenge(System.CommandLine.Parsing.ArgumentResult result)
    {
        byte[] challenge;
        try
        {
            challenge = Convert.FromHexString(result.Tokens[0].Value);
        }
        catch (FormatException)
        {
            result.AddError("--challenge must be hexadecimal.");
            return null;
        }

        if (challenge.Length is < Interface.CasdCardInterface.MinChallengeLength or > Interface.CasdCardInterface.MaxChallengeLength)
        {
            result.AddError($"--challenge must be {Interface.CasdCardInterface.MinChallengeLength} to {Interface.CasdCardInterface.MaxChallengeLength} bytes.");
            return null;
        }

        return challenge;
    }

    /// <summary><c>--project CODE</c>.</summary>
    /// <param name="description">What the project code is for.</param>
    /// <param name="required">Whether the command needs it.</param>
    public static Option<string> Project(string description, bool required = true) =>
        new("--project") { HelpName = "CODE", Description = description, Required = required };

    /// <summary><c>--trust CA-CERT</c>: the CA certificate (DER or PEM) that issues card certificates, which must exist.</summary>
    /// <param name="description">What the anchor is for here.</param>
    /// <param name="required">Whether the command needs it.</param>
    public static Option<FileInfo> Trust(string description, bool required = false) =>
        new Option<FileInfo>("--trust") { HelpName = "CA-CERT", Description = description, Required = required }.AcceptExistingOnly();

    /// <summary>
    /// <c>--store memory|redis=HOST:PORT</c>: where the login state (issued challenges, signature
    /// counters) lives. <c>memory</c>, the default, lives and dies with the command; only Redis is
    /// shared, so that a challenge issued by one command (or server) can be checked by another.
    /// </summary>
    public static Option<LoginStoreChoice> Store()
    {
        var option = new Option<LoginStoreChoice>("--store")
        {
            HelpName = "memory|redis=HOST:PORT",
            Description = "Where issued challenges and signature counters live: 'memory' (this command only, the default) or 'redis=HOST:PORT', shared with other commands and servers.",
            DefaultValueFactory = _ => LoginStoreChoice.Memory,
            CustomParser = result => LoginStoreChoice.TryParse(result.Tokens[0].Value, out var choice, out var error) ? choice : Error(result, error),
        };
        option.CompletionSources.Add("memory", "redis=127.0.0.1:6379");
        return option;

        static LoginStoreChoice? Error(System.CommandLine.Parsing.ArgumentResult result, string message)
        {
            result.AddError(message);
            return null;
        }
    }

    /// <summary>
    /// <c>--level 1000|10000|100000</c>: the false-match rate 1:n the card decides at; <see langword="null"/>
    /// when absent (read it with <see cref="LevelOrDefault"/>), so the help shows "10000", not the enum's name.
    /// </summary>
    public static Option<MatchSecurityLevel?> Level(string description)
    {
        var option = new Option<MatchSecurityLevel?>("--level")
        {
            HelpName = "1000|10000|100000",
            Description = description + " (default 10000)",
            CustomParser = result => result.Tokens[0].Value switch
            {
                "1000" => MatchSecurityLevel.FalseMatchRate1In1000,
                "10000" => MatchSecurityLevel.FalseMatchRate1In10000,
                "100000" => MatchSecurityLevel.FalseMatchRate1In100000,
                var other => Error(result, $"--level must be 1000, 10000 or 100000, not '{other}'."),
            },
        };
        option.CompletionSources.Add("1000", "10000", "100000");
        return option;

        static MatchSecurityLevel? Error(System.CommandLine.Parsing.ArgumentResult result, string message)
        {
            result.AddError(message);
            return null;
        }
    }

    /// <summary>The level given, or 1:10000 (the card's default).</summary>
    public static MatchSecurityLevel LevelOrDefault(ParseResult result, Option<MatchSecurityLevel?> level) =>
        result.GetValue(level) ?? MatchSecurityLevel.FalseMatchRate1In10000;

    /// <summary>The 1:n number of a level, as the command line writes it.</summary>
    public static int LevelNumber(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 1000,
        MatchSecurityLevel.FalseMatchRate1In100000 => 100000,
        _ => 10000,
    };
}
