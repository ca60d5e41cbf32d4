using Casd.Card.Cli.Commands;
using Casd.Card.Testing;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Cli.Tests;

public class ReaderCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool PcscdRuns => File.Exists("/run/pcscd/pcscd.comm");

    [Fact]
    public async Task Readers_without_the_pcsc_service_says_so_in_one_line_and_exits_3()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "pcsc-lite's socket override is Linux-only");

        // pcsc-lite's client looks for the daemon at PCSCLITE_CSOCK_NAME: a path with no daemon behind it.
        var environment = new Dictionary<string, string> { ["PCSCLITE_CSOCK_NAME"] = Path.Combine(Path.GetTempPath(), "casd-no-pcscd.comm") };
        var (exit, output, error) = await CliProcess.RunAsync(environment, Ct, "readers");

        Assert.Equal(3, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("PC/SC service is not running", line, StringComparison.Ordinal);
        Assert.Contains("pcscd", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_lists_the_vpcd_readers_when_pcscd_runs()
    {
        using var lease = await PcscdLease.SharedAsync(Ct);
        TestRequirements.SkipOrFail(PcscdRuns ? null : "pcscd is not running (/run/pcscd/pcscd.comm is missing); start it with 'bash .ci/pcscd.sh start'.");

        var result = await CliProcess.RunAsync(Ct, "readers");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(result.Output.Split('\n'), l => l.StartsWith("Virtual PCD 00 00: ", StringComparison.Ordinal));
        Assert.Contains(result.Output.Split('\n'), l => l.StartsWith("Virtual PCD 00 01: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readers_prints_one_line_per_reader_with_presence_and_atr()
    {
        var provider = new Mock<ICardReaderProvider>();
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new CardReaderInfo("R0", true, new byte[] { 0x3B, 0x95 }),
            new CardReaderInfo("R1", false, ReadOnlyMemory<byte>.Empty),
        ]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await new CommandRegistry([new ReadersCommand(() => provider.Object)]).RunAsync(["readers"], output, error, Ct);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(["R0: card present, ATR 3B95", "R1: no card"], output.ToString().Trim().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Readers_json_prints_one_object_with_the_readers()
    {
        var provider = new Mock<ICardReaderProvider>();
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new CardReaderInfo("R0", true, new byte[] { 0x3B, 0x95 }),
            new CardReaderInfo("R1", false, ReadOnlyMemory<byte>.Empty),
        ]);

        var (exit, output, _) = await CliInProcess.RunAsync(new CommandRegistry([new ReadersCommand(() => provider.Object)]), Ct, "readers", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var readers = document.RootElement.GetProperty("readers").EnumerateArray().ToList();
        Assert.Equal(["R0", "R1"], readers.Select(r => r.GetProperty("name").GetString()));
        Assert.True(readers[0].GetProperty("cardPresent").GetBoolean());
        Assert.Equal("3B95", readers[0].GetProperty("atr").GetString());
        Assert.False(readers[1].TryGetProperty("atr", out _));
    }

    [Fact]
    public async Task Readers_with_no_reader_says_so_and_exits_3()
    {
        var provider = new Mock<ICardReaderProvider>();
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await new CommandRegistry([new ReadersCommand(() => provider.Object)]).RunAsync(["readers"], output, error, Ct);

        Assert.Equal(ExitCodes.NoCard, exit);
        Assert.Contains("no smart-card reader found", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_prints_each_event_until_cancelled()
    {
        var provider = new Mock<ICardReaderProvider>();
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new CardServiceUnavailableException());
        var monitor = new Mock<ICardReaderMonitor>();
        monitor.Setup(m => m.WatchAsync(It.IsAny<CancellationToken>())).Returns(Events());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await new CommandRegistry([new MonitorCommand(() => provider.Object, () => monitor.Object)]).RunAsync(["monitor"], output, error, Ct);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("PC/SC service is not running", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            ["reader added: R0", "card inserted: R0, ATR 3B01", "card removed: R0", "reader removed: R0"],
            output.ToString().Trim().Split(Environment.NewLine));

        static async IAsyncEnumerable<ReaderEvent> Events()
        {
            yield return new ReaderEvent(ReaderEventKind.ReaderAdded, "R0", default);
            yield return new ReaderEvent(ReaderEventKind.CardInserted, "R0", new byte[] { 0x3B, 0x01 });
            await Task.Yield();
            yield return new ReaderEvent(ReaderEventKind.CardRemoved, "R0", default);
            yield return new ReaderEvent(ReaderEventKind.ReaderRemoved, "R0", default);
        }
    }

    [Fact]
    public async Task Monitor_json_prints_one_line_per_event()
    {
        var provider = new Mock<ICardReaderProvider>();
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var monitor = new Mock<ICardReaderMonitor>();
        monitor.Setup(m => m.WatchAsync(It.IsAny<CancellationToken>())).Returns(Events());

        var (exit, output, error) = await CliInProcess.RunAsync(new CommandRegistry([new MonitorCommand(() => provider.Object, () => monitor.Object)]), Ct, "monitor", "--json");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("no smart-card reader found", error, StringComparison.Ordinal);
        Assert.Equal(
            ["{\"kind\":\"ReaderAdded\",\"reader\":\"R0\"}", "{\"kind\":\"CardInserted\",\"reader\":\"R0\",\"atr\":\"3B01\"}"],
            output.Trim().Split(Environment.NewLine));

        static async IAsyncEnumerable<ReaderEvent> Events()
        {
            yield return new ReaderEvent(ReaderEventKind.ReaderAdded, "R0", default);
            await Task.Yield();
            yield return new ReaderEvent(ReaderEventKind.CardInserted, "R0", new byte[] { 0x3B, 0x01 });
        }
    }

    [Fact]
    public async Task Simulate_rejects_a_bad_port_as_a_usage_error()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "simulate", "--port", "http");
        Assert.Equal(2, exit);
        Assert.Contains("--port takes a TCP port number", error, StringComparison.Ordinal);
    }
}
