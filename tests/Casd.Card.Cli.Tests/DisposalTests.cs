using Casd.Card.Biometrics;
using Casd.Card.Cli.CardSources;
using Casd.Card.Cli.Commands;
using Casd.Card.Cli.Demo;
using Casd.Card.Cli.Tests.TestDoubles;

namespace Casd.Card.Cli.Tests;

/// <summary>Every command closes the connection it opened, exactly once, whether it succeeds or fails.</summary>
public sealed class DisposalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-dispose-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Info_through_a_reader_closes_the_connection()
    {
        var readers = new FakeReaders();

        var (exit, output, error) = await CliInProcess.RunAsync(new CommandRegistry([new InfoCommand(() => readers)]), Ct, "info", "--reader", FakeReaders.ReaderName);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains($"via reader '{FakeReaders.ReaderName}'", output, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(readers.Connections).DisposeCount);
    }

    [Fact]
    public async Task Verify_that_fails_on_a_blank_card_still_closes_the_connection()
    {
        var readers = new FakeReaders();
        var finger = Path.Combine(_folder, "finger.iso");
        await File.WriteAllBytesAsync(finger, DemoFingers.Generate(1, FingerPosition.RightIndex), Ct);

        var (exit, _, _) = await CliInProcess.RunAsync(new CommandRegistry([new VerifyCommand(() => readers)]), Ct, "verify", "--reader", FakeReaders.ReaderName, "--finger", finger);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Equal(1, Assert.Single(readers.Connections).DisposeCount);
    }

    [Theory]
    [InlineData("--inspect")]
    [InlineData("--reset")]
    public async Task Enrol_inspect_and_reset_close_the_connection(string mode)
    {
        var readers = new FakeReaders();

        var (exit, _, error) = await CliInProcess.RunAsync(new CommandRegistry([new EnrolCommand(() => readers)]), Ct, "enrol", "--reader", FakeReaders.ReaderName, mode);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(1, Assert.Single(readers.Connections).DisposeCount);
    }

    [Fact]
    public async Task A_card_without_the_casd_application_is_refused_and_its_connection_closed()
    {
        var readers = new FakeReaders(() => new NoApplicationConnection());

        var (exit, _, error) = await CliInProcess.RunAsync(new CommandRegistry([new InfoCommand(() => readers)]), Ct, "info", "--reader", FakeReaders.ReaderName);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("the card failed", error, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(readers.Connections).DisposeCount);
    }

    [Fact]
    public async Task A_connected_card_closes_the_card_and_the_connection_once()
    {
        var readers = new FakeReaders();
        var source = new ReaderCardSource(FakeReaders.ReaderName, () => readers);

        var connected = await source.OpenAsync(Ct);
        var connection = Assert.Single(readers.Connections);
        Assert.Equal(0, connection.DisposeCount);
        await connected.DisposeAsync();
        await connected.DisposeAsync();

        Assert.Equal(1, connection.DisposeCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connected.ReadInfoAsync(Ct));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
