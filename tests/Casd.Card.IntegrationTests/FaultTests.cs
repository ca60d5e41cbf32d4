using Casd.Card.IntegrationTests.Support;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

/// <summary>Each fault gives its typed exception, and nothing hangs.</summary>
[Collection(PcscdTestGroup.Name)]
public sealed class FaultTests(PcscdEnvironment environment)
{
    private static readonly byte[] SelectMf = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_card_process_killed_mid_session_is_card_removed()
    {
        environment.Require();
        var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var connection = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        Assert.Equal(2, await connection.TransmitAsync(SelectMf, response, Ct));

        vicc.Kill();

        // Right after the kill pcscd may still believe the card is there (it polls every ~400 ms):
        // the exchange fails as a communication failure or already as a removal, never as data.
        var first = await Assert.ThrowsAnyAsync<CardCommunicationException>(async () => await connection.TransmitAsync(SelectMf, response, Ct));
        await vicc.DisposeAsync();
        var removed = await Assert.ThrowsAsync<CardRemovedException>(async () => await connection.TransmitAsync(SelectMf, response, Ct));
        Assert.Contains("removed", removed.Message, StringComparison.OrdinalIgnoreCase);
        TestContext.Current.TestOutputHelper?.WriteLine($"first failure after the kill: {first.GetType().Name}: {first.Message}");
    }

    [Fact]
    public async Task A_second_exclusive_connection_is_a_sharing_violation()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var first = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, CardShareMode.Exclusive, Ct);

        var ex = await Assert.ThrowsAsync<CardSharingViolationException>(async () => await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, CardShareMode.Exclusive, Ct));
        Assert.Contains(PcscdEnvironment.ViccReader, ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CardSharingViolationException>(async () => await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, CardShareMode.Shared, Ct));

        // the first connection is unaffected
        var response = new byte[PcscCardConnection.MaxResponseLength];
        Assert.Equal(2, await first.TransmitAsync(SelectMf, response, Ct));
    }

    [Fact]
    public async Task A_reset_by_another_application_is_reported_once_then_the_connection_works_again()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var mine = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);
        await using var other = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        Assert.Equal(2, await mine.TransmitAsync(SelectMf, response, Ct));

        await other.ResetAsync(CardResetKind.Warm, Ct);

        await Assert.ThrowsAsync<CardResetException>(async () => await mine.TransmitAsync(SelectMf, response, Ct));
        Assert.Equal(ViccCard.Atr, mine.Atr.ToArray());
        Assert.Equal(2, await mine.TransmitAsync(SelectMf, response, Ct));

        // the same reset seen when a transaction begins: the caller learns it before its sequence
        await other.ResetAsync(CardResetKind.Warm, Ct);
        await Assert.ThrowsAsync<CardResetException>(async () => await mine.BeginTransactionAsync(Ct));
        await using var transaction = await mine.BeginTransactionAsync(Ct);
        Assert.Equal(2, await mine.TransmitAsync(SelectMf, response, Ct));
    }

    [Fact]
    public async Task A_transmit_cancelled_by_its_token_is_cancelled_and_the_connection_stays_usable()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var connection = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.TransmitAsync(SelectMf, response, cancellation.Token));

        // a cancellable token that is not cancelled goes through SCardCancel's registration and still works
        using var live = new CancellationTokenSource();
        Assert.Equal(2, await connection.TransmitAsync(SelectMf, response, live.Token));
    }

    [Fact]
    public async Task Pcscd_stopped_is_no_service_and_the_monitor_recovers_when_it_starts_again()
    {
        environment.RequireRestartable();
        await using var events = new EventStream(new PcscReaderMonitor { InitialRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(400) });
        Assert.Equal(ReaderEventKind.ReaderAdded, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);

        await environment.StopPcscdAsync(Ct);
        try
        {
            var ex = await Assert.ThrowsAsync<CardServiceUnavailableException>(async () => await environment.Provider.ListReadersAsync(Ct));
            Assert.Contains("pcscd", ex.Message, StringComparison.Ordinal);
            Assert.Equal(ReaderEventKind.ReaderRemoved, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);
        }
        finally
        {
            await environment.StartPcscdAsync(Ct);
        }

        Assert.Equal(ReaderEventKind.ReaderAdded, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);
        Assert.Contains(await environment.Provider.ListReadersAsync(Ct), r => r.Name == PcscdEnvironment.ViccReader);
    }
}
