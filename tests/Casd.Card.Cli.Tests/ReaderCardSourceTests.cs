using Casd.Card.Cli.CardSources;
using Casd.Card.Testing;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Cli.Tests;

/// <summary>--reader and the missing card source on a Moq'd PC/SC provider, then as processes (pcscd present or not).</summary>
public class ReaderCardSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool PcscdRuns => File.Exists("/run/pcscd/pcscd.comm");

    private static Dictionary<string, string> NoPcscd => new() { ["PCSCLITE_CSOCK_NAME"] = Path.Combine(Path.GetTempPath(), "casd-no-pcscd.comm") };

    private static Mock<ICardReaderProvider> Provider(params CardReaderInfo[] readers)
    {
        var provider = new Mock<ICardReaderProvider>(MockBehavior.Strict);
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(readers);
        return provider;
    }

    [Fact]
    public async Task An_unknown_reader_lists_the_available_readers()
    {
        var provider = Provider(new CardReaderInfo("Virtual PCD 00 00", false, default), new CardReaderInfo("Virtual PCD 00 01", true, new byte[] { 0x3B, 0x80 }));
        provider.Setup(p => p.ConnectAsync("Bogus", CardShareMode.Shared, It.IsAny<CancellationToken>())).ThrowsAsync(new CardReaderNotFoundException("unknown reader"));

        var error = await Assert.ThrowsAsync<CardSourceException>(() => new ReaderCardSource("Bogus", () => provider.Object).OpenAsync(Ct));

        Assert.Equal("no reader named 'Bogus'; available readers: 'Virtual PCD 00 00' (no card), 'Virtual PCD 00 01' (card present).", error.Message);
    }

    [Fact]
    public async Task An_unknown_reader_with_no_reader_connected_says_how_to_get_one()
    {
        var provider = Provider();
        provider.Setup(p => p.ConnectAsync("Bogus", CardShareMode.Shared, It.IsAny<CancellationToken>())).ThrowsAsync(new CardReaderNotFoundException("unknown reader"));

        var error = await Assert.ThrowsAsync<CardSourceException>(() => new ReaderCardSource("Bogus", () => provider.Object).OpenAsync(Ct));

        Assert.Contains("casd-card simulate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_service_and_no_card_each_say_what_to_do()
    {
        var provider = new Mock<ICardReaderProvider>(MockBehavior.Strict);
        provider.Setup(p => p.ConnectAsync("A", CardShareMode.Shared, It.IsAny<CancellationToken>())).ThrowsAsync(new CardServiceUnavailableException("no service"));
        provider.Setup(p => p.ConnectAsync("B", CardShareMode.Shared, It.IsAny<CancellationToken>())).ThrowsAsync(new CardNotPresentException("no card"));

        var noService = await Assert.ThrowsAsync<CardSourceException>(() => new ReaderCardSource("A", () => provider.Object).OpenAsync(Ct));
        var noCard = await Assert.ThrowsAsync<CardSourceException>(() => new ReaderCardSource("B", () => provider.Object).OpenAsync(Ct));

        Assert.Contains("install and start pcscd", noService.Message, StringComparison.Ordinal);
        Assert.Contains("reader 'B' holds no card", noCard.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_source_the_present_readers_are_named()
    {
        var provider = Provider(new CardReaderInfo("Virtual PCD 00 01", true, new byte[] { 0x3B, 0x80 }));

        var error = await Assert.ThrowsAsync<CardSourceException>(() => new MissingCardSource(() => provider.Object).OpenAsync(Ct));

        Assert.Contains("--reader 'Virtual PCD 00 01' (card present)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--simulator [STATE-FILE]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_source_and_without_the_service_the_simulator_and_vpcd_are_suggested()
    {
        var provider = new Mock<ICardReaderProvider>(MockBehavior.Strict);
        provider.Setup(p => p.ListReadersAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new CardServiceUnavailableException("no service"));

        var error = await Assert.ThrowsAsync<CardSourceException>(() => new MissingCardSource(() => provider.Object).OpenAsync(Ct));

        Assert.Equal(CardSource.HowToGetACard, error.Message);
    }

    [Fact]
    public async Task A_reader_without_the_pcsc_service_fails_in_one_line_and_exits_3()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "pcsc-lite's socket override is Linux-only");
        var (exit, output, error) = await CliProcess.RunAsync(NoPcscd, Ct, "info", "--reader", "Bogus Reader 99");

        Assert.Equal(3, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("install and start pcscd", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_source_without_the_pcsc_service_suggests_the_simulator_and_vpcd()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "pcsc-lite's socket override is Linux-only");
        var (exit, _, error) = await CliProcess.RunAsync(NoPcscd, Ct, "info");

        Assert.Equal(3, exit);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--simulator [STATE-FILE]", line, StringComparison.Ordinal);
        Assert.Contains("--reader 'Virtual PCD 00 00'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bogus_reader_name_lists_the_vpcd_readers_when_pcscd_runs()
    {
        using var lease = await PcscdLease.SharedAsync(Ct);
        TestRequirements.SkipOrFail(PcscdRuns ? null : "pcscd is not running (/run/pcscd/pcscd.comm is missing); start it with 'bash .ci/pcscd.sh start'.");

        var result = await CliProcess.RunAsync(Ct, "info", "--reader", "Bogus Reader 99");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("no reader named 'Bogus Reader 99'; available readers: 'Virtual PCD 00 00'", line, StringComparison.Ordinal);
    }
}
