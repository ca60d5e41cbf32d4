using Casd.Card.Cli.Commands;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Cli.Tests;

/// <summary>One test per documented exit code class (docs/cli.md, "Exit codes").</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-exit-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_codes_are_the_documented_ones()
    {
        Assert.Equal([0, 1, 2, 3, 130], new[] { ExitCodes.Success, ExitCodes.Failure, ExitCodes.Usage, ExitCodes.NoCard, ExitCodes.Cancelled });
    }

    [Fact]
    public async Task Success_is_0()
    {
        var (exit, output, error) = await CliInProcess.RunAsync("info", "--simulator");
        Assert.True(exit == 0, error);
        Assert.Contains("lifecycle", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_that_ran_and_failed_is_1()
    {
        var junk = Path.Combine(_folder, "junk.iso");
        await File.WriteAllBytesAsync(junk, [1, 2, 3, 4, 5], Ct);

        var (exit, _, error) = await CliInProcess.RunAsync("verify", "--simulator", "--finger", junk);

        Assert.Equal(1, exit);
        Assert.Contains("not usable", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info", "--bogus")]
    [InlineData("verify", "--simulator", "--finger", "ABSENT")]
    [InlineData("info", "--simulator", "MISSING-FOLDER")]
    public async Task A_wrong_command_line_or_a_missing_file_is_2(params string[] args)
    {
        args = [.. args.Select(a => a switch
        {
            "ABSENT" => Path.Combine(_folder, "absent.iso"),
            "MISSING-FOLDER" => Path.Combine(_folder, "no-such-folder", "card.nvm"),
            _ => a,
        })];

        var (exit, output, error) = await CliInProcess.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_card_is_3()
    {
        var readers = new Mock<ICardReaderProvider>();
        readers.Setup(p => p.ConnectAsync("R", It.IsAny<CardShareMode>(), It.IsAny<CancellationToken>())).ThrowsAsync(new CardServiceUnavailableException("no service"));

        var (exit, _, error) = await CliInProcess.RunAsync(new CommandRegistry([new InfoCommand(() => readers.Object)]), Ct, "info", "--reader", "R");

        Assert.Equal(3, exit);
        Assert.Contains("install and start pcscd", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_is_130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var (exit, _, error) = await CliInProcess.RunAsync(CommandRegistry.CreateDefault(), cancelled.Token, "demo");

        Assert.Equal(130, exit);
        Assert.Equal("casd-card: cancelled.", error.Trim());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
