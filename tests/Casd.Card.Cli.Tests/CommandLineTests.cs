namespace Casd.Card.Cli.Tests;

public class CommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var (exit, output, _) = await CliProcess.RunAsync(Ct, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("demo", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_arguments_prints_help_on_standard_error_and_exits_2()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Ct);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Contains("casd-card [command] [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_that_lists_the_commands()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Ct, "frobnicate");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Unrecognized command or argument 'frobnicate'.", error, StringComparison.Ordinal);
        Assert.Contains("authenticate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_argument_to_a_command_prints_its_usage_and_exits_2()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "demo", "--bogus");
        Assert.Equal(2, exit);
        Assert.Contains("Unrecognized command or argument '--bogus'.", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Contains("casd-card demo [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_runs_and_exits_0()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Ct, "demo");
        Assert.True(exit == 0, error);
        Assert.Contains("Step 1/6  full enrolment over SCP03, connection test logged in", output, StringComparison.Ordinal);
        Assert.Contains("Channel: SCP03 at security level 33", output, StringComparison.Ordinal);
        Assert.Contains("Step 2/6  login over SCP11b, the server accepts the assertion", output, StringComparison.Ordinal);
        Assert.Contains("Channel: SCP11b at security level 33", output, StringComparison.Ordinal);
        Assert.Contains("Step 3/6  a wrong finger is refused, retries shown", output, StringComparison.Ordinal);
        Assert.Contains("4 tries left", output, StringComparison.Ordinal);
        Assert.Contains("Step 4/6  express enrolment from the current card", output, StringComparison.Ordinal);
        Assert.Contains("Step 5/6  a lost card is revoked; the server refuses its login", output, StringComparison.Ordinal);
        Assert.Contains("was revoked on", output, StringComparison.Ordinal);
        Assert.Contains("Step 6/6  login on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNEXPECTED", output, StringComparison.Ordinal);
        Assert.Contains("All 6 steps behaved as expected.", output, StringComparison.Ordinal);
    }
}
