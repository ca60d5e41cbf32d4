using Casd.Card.Biometrics;
using Casd.Card.Cli.Demo;

namespace Casd.Card.Cli.Tests;

/// <summary>info, enrol, verify and authenticate run as processes against a simulator state file.</summary>
public sealed class CardCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-cli-").FullName;

    public CardCommandTests()
    {
        File.WriteAllBytes(Finger1, DemoFingers.Generate(1, FingerPosition.RightIndex));
        File.WriteAllBytes(Finger2, DemoFingers.Generate(2, FingerPosition.LeftIndex));
        File.WriteAllBytes(Wrong, DemoFingers.Generate(3, FingerPosition.RightIndex));
        File.WriteAllBytes(Test1, DemoFingers.Generate(1, FingerPosition.RightIndex, impression: 2));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_folder, "card.nvm");

    private string Finger1 => Path.Combine(_folder, "finger1.iso");

    private string Finger2 => Path.Combine(_folder, "finger2.iso");

    private string Wrong => Path.Combine(_folder, "wrong.iso");

    private string Test1 => Path.Combine(_folder, "test1.iso");

    [Fact]
    public async Task Enrol_then_info_verify_and_authenticate_work_on_one_state_file()
    {
        var (exit, output, error) = await EnrolAsync();
        Assert.True(exit == 0, error);
        Assert.Contains("[6/7] issue", output, StringComparison.Ordinal);
        Assert.Contains("[7/7] connection test        done: logged in", output, StringComparison.Ordinal);
        Assert.Contains("channel: SCP03 at security level 33", output, StringComparison.Ordinal);
        Assert.True(File.Exists(State + ".ca.cer"));

        (exit, output, error) = await CliProcess.RunAsync(Ct, "info", "--simulator", State);
        Assert.True(exit == 0, error);
        Assert.Contains("Issued", output, StringComparison.Ordinal);
        Assert.Contains("P-CLI", output, StringComparison.Ordinal);

        (exit, output, _) = await CliProcess.RunAsync(Ct, "verify", "--simulator", State, "--finger", Wrong, "--first-finger-only");
        Assert.Equal(1, exit);
        Assert.Contains("no match (4 tries left on finger 1)", output, StringComparison.Ordinal);

        (exit, output, error) = await CliProcess.RunAsync(Ct, "verify", "--simulator", State, "--finger", Finger2, "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("\"outcome\": \"Match\"", output, StringComparison.Ordinal);
        Assert.Contains("\"reference\": \"Secondary\"", output, StringComparison.Ordinal);
        Assert.Contains("\"channel\": \"SCP11b at security level 33", output, StringComparison.Ordinal);

        (exit, output, error) = await CliProcess.RunAsync(Ct, "authenticate", "--simulator", State, "--finger", Finger1, "--project", "P-CLI");
        Assert.True(exit == 0, error);
        Assert.Contains("server check: accepted", output, StringComparison.Ordinal);
        Assert.Contains("channel     SCP11b at security level 33", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_express_enrolment_reads_holder_and_full_enrolment_from_the_current_card()
    {
        Assert.Equal(0, (await EnrolAsync()).ExitCode);
        var next = Path.Combine(_folder, "next.nvm");
        var (exit, output, error) = await CliProcess.RunAsync(
            Ct, "enrol", "--simulator", next, "--express-from", "simulator:" + State, "--project", "P-TWO", "--kind", "health", "--finger", Finger1, "--test", Test1);
        Assert.True(exit == 0, error);
        Assert.Contains("holder R-9, full Health enrolment of", output, StringComparison.Ordinal);
        Assert.Contains("express enrolment: the full enrolment of", output, StringComparison.Ordinal);
        Assert.Contains("[7/7] connection test        done: logged in", output, StringComparison.Ordinal);

        // The holder comes from the current card: giving it too is a usage error.
        (exit, _, error) = await CliProcess.RunAsync(Ct, "enrol", "--simulator", next, "--express-from", "simulator:" + State, "--holder", "X", "--project", "P-TWO", "--finger", Finger1, "--test", Test1);
        Assert.Equal(2, exit);
        Assert.Contains("comes from the current card", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_file_without_its_storage_key_is_refused_in_one_line_with_exit_3()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "info", "--simulator", State);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(State + ".key"), "the storage key is created beside a new state file");
        File.Move(State + ".key", Path.Combine(_folder, "elsewhere.key"));

        (exit, var output, error) = await CliProcess.RunAsync(Ct, "info", "--simulator", State);
        Assert.Equal(3, exit);
        Assert.Empty(output.Trim());
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("storage key", line, StringComparison.Ordinal);
        Assert.Contains(State + ".key", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_for_another_project_fails_with_the_reason_in_one_line()
    {
        Assert.Equal(0, (await EnrolAsync()).ExitCode);
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "authenticate", "--simulator", State, "--finger", Finger1, "--project", "P-OTHER");
        Assert.Equal(1, exit);
        Assert.Equal("casd-card authenticate: The card is for project 'P-CLI', not 'P-OTHER'; use the card of this project.", error.Trim());
    }

    [Fact]
    public async Task Inspect_tells_a_blank_card_and_reset_is_refused_on_an_issued_card()
    {
        var (exit, output, _) = await CliProcess.RunAsync(Ct, "enrol", "--simulator", State, "--inspect", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("\"isBlank\": true", output, StringComparison.Ordinal);

        Assert.Equal(0, (await EnrolAsync()).ExitCode);
        string error;
        (exit, _, error) = await CliProcess.RunAsync(Ct, "enrol", "--simulator", State, "--reset");
        Assert.Equal(1, exit);
        Assert.Contains("6985", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_without_a_card_source_says_how_to_get_one_and_exits_3()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "info");
        Assert.Equal(3, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--simulator [STATE-FILE]", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify --simulator STATE", "Option '--finger' is required.")]
    [InlineData("enrol --simulator STATE --holder R --family F --project P --finger F1 --test T1 --kind secret", "Argument 'secret' not recognized. Must be one of:")]
    [InlineData("enrol --simulator STATE --holder R --family F --project P", "Give one or two --finger records.")]
    [InlineData("enrol --simulator STATE --finger F1 --project P", "Option '--holder' is required to personalise a card.")]
    [InlineData("enrol --simulator STATE --inspect --reset", "Give either --inspect or --reset.")]
    [InlineData("enrol --simulator STATE --holder R --family F --project P --finger F1 --test T1 --last-full-enrolment 1/2/2024", "--last-full-enrolment must be a date YYYY-MM-DD, not '1/2/2024'.")]
    [InlineData("info --simulator STATE --bogus", "Unrecognized command or argument '--bogus'.")]
    [InlineData("authenticate --simulator STATE --finger F1 --project P --challenge 00", "--challenge must be 16 to 64 bytes.")]
    [InlineData("authenticate --simulator STATE --finger F1 --project P --challenge XYZ", "--challenge must be hexadecimal.")]
    [InlineData("info --simulator STATE --reader R", "Give either --simulator or --reader, not both.")]
    public async Task Bad_arguments_exit_2_with_the_reason_and_the_usage(string commandLine, string reason)
    {
        var args = commandLine.Split(' ').Select(a => a == "STATE" ? State : a == "F1" ? Finger1 : a == "T1" ? Test1 : a).ToArray();
        var (exit, output, error) = await CliProcess.RunAsync(Ct, args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains($"casd-card {args[0]} [options]", error, StringComparison.Ordinal);
        Assert.False(File.Exists(State), "a usage error must not touch the card");
    }

    [Fact]
    public async Task A_missing_record_file_exits_2_and_names_it()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "verify", "--simulator", State, "--finger", Path.Combine(_folder, "absent.iso"));
        Assert.Equal(2, exit);
        Assert.Contains("absent.iso", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_record_fails_in_one_line()
    {
        var junk = Path.Combine(_folder, "junk.iso");
        await File.WriteAllBytesAsync(junk, [1, 2, 3, 4, 5], Ct);
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "verify", "--simulator", State, "--finger", junk);
        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("not usable", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> EnrolAsync() =>
        CliProcess.RunAsync(Ct, "enrol", "--simulator", State, "--holder", "R-9", "--family", "Doe", "--given", "Jane", "--project", "P-CLI", "--kind", "health", "--finger", Finger1, "--finger", Finger2, "--test", Test1);
}
