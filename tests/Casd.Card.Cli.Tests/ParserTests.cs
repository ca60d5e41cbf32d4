using System.CommandLine;
using Casd.Card.Cli.Commands;

namespace Casd.Card.Cli.Tests;

/// <summary>What System.CommandLine gives every command: help, suggestions for typos, response files, completion, one set of option names.</summary>
public sealed class ParserTests : IDisposable
{
    private static readonly string[] CardCommands = ["info", "enrol", "verify", "authenticate"];

    private readonly string _folder = Directory.CreateTempSubdirectory("casd-parser-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Commands() => [.. CommandRegistry.CreateDefault().BuildRoot().Subcommands.Select(c => c.Name)];

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public async Task Help_lists_every_command_and_exits_0(string help)
    {
        var (exit, output, error) = await CliInProcess.RunAsync(help);

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.All(Commands(), c => Assert.Contains(c, output, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Each_command_has_help_with_dash_h_that_exits_0(string command)
    {
        var (exit, output, error) = await CliInProcess.RunAsync(command, "-h");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains($" {command} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_command_is_answered_with_the_right_one()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Ct, "enrl");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("'enrl' was not matched. Did you mean one of the following?\nenrol\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_is_answered_with_the_right_one()
    {
        var (exit, _, error) = await CliInProcess.RunAsync("verify", "--simulator", Path.Combine(_folder, "card.nvm"), "--fingr", "x.iso");

        Assert.Equal(2, exit);
        Assert.Contains("'--fingr' was not matched. Did you mean one of the following?\n--finger\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_right_after_a_bare_simulator_is_not_taken_for_a_state_file()
    {
        var (exit, _, error) = await CliInProcess.RunAsync("verify", "--simulator", "--fingr", "x.iso");

        Assert.Equal(2, exit);
        Assert.Contains("--simulator: '--fingr' looks like an option, not a state file", error, StringComparison.Ordinal);
        Assert.False(File.Exists("--fingr"));
    }

    [Fact]
    public async Task A_response_file_gives_the_arguments()
    {
        var state = Path.Combine(_folder, "card.nvm");
        var arguments = Path.Combine(_folder, "info.rsp");
        await File.WriteAllLinesAsync(arguments, ["# a card kept in a file", "--simulator", state, "--json"], Ct);

        var (exit, output, error) = await CliInProcess.RunAsync("info", "@" + arguments);

        Assert.True(exit == 0, error);
        Assert.StartsWith("{", output, StringComparison.Ordinal);
        Assert.True(File.Exists(state));
    }

    [Fact]
    public async Task A_missing_response_file_is_exit_2()
    {
        var (exit, _, error) = await CliInProcess.RunAsync("info", "@" + Path.Combine(_folder, "absent.rsp"));

        Assert.Equal(2, exit);
        Assert.Contains("Response file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_suggest_directive_completes_commands_for_dotnet_suggest()
    {
        var (exit, output, _) = await CliProcess.RunAsync(Ct, "[suggest]", "enr");

        Assert.Equal(0, exit);
        Assert.Equal(["enrol"], output.Trim().Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public async Task The_suggest_directive_completes_option_values()
    {
        const string Line = "casd-card enrol --kind ";
        var (exit, output, _) = await CliInProcess.RunAsync($"[suggest:{Line.Length}]", Line);

        Assert.Equal(0, exit);
        Assert.Equal(["health", "standard"], output.Trim().ReplaceLineEndings("\n").Split('\n'));
    }

    [Fact]
    public void The_card_commands_share_the_card_source_and_json_options()
    {
        var root = CommandRegistry.CreateDefault().BuildRoot();
        foreach (var name in CardCommands)
        {
            var options = root.Subcommands.Single(c => c.Name == name).Options.Select(o => o.Name).ToList();
            Assert.Contains("--simulator", options);
            Assert.Contains("--reader", options);
            Assert.Contains("--json", options);
        }
    }

    [Fact]
    public void Every_command_that_prints_results_takes_json()
    {
        var root = CommandRegistry.CreateDefault().BuildRoot();
        string[] printing = [.. CardCommands, "readers", "monitor", "eval", "challenge", "check-assertion"];
        Assert.All(printing, name => Assert.Contains(root.Subcommands.Single(c => c.Name == name).Options, o => o.Name == "--json"));
    }

    [Fact]
    public void Options_with_the_same_name_mean_the_same_thing_everywhere()
    {
        var root = CommandRegistry.CreateDefault().BuildRoot();
        var byName = root.Subcommands.SelectMany(c => c.Options).Where(o => o is not System.CommandLine.Help.HelpOption).GroupBy(o => o.Name);
        foreach (var group in byName)
        {
            Assert.True(group.Select(o => o.HelpName).Distinct().Count() == 1, $"{group.Key} has different value names: {string.Join(", ", group.Select(o => o.HelpName))}");
            // enrol takes --finger twice: an array of what verify and authenticate take once.
            Assert.True(group.Select(o => o.ValueType.IsArray ? o.ValueType.GetElementType() : o.ValueType).Distinct().Count() == 1, $"{group.Key} has different value types");
        }
    }

    [Fact]
    public async Task Version_exits_0()
    {
        var (exit, output, _) = await CliInProcess.RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.StartsWith("0.", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
