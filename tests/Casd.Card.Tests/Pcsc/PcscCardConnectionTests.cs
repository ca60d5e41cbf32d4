using Casd.Card.Pcsc;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Tests.Pcsc;

public class PcscCardConnectionTests
{
    private static readonly byte[] Select = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Mock<IPcscApi> Api, ICardConnection Connection)> ConnectAsync(CardShareMode mode = CardShareMode.Shared)
    {
        var api = PcscApiMock.Create();
        var provider = new PcscReaderProvider(api.Object, logger: null);
        return (api, await provider.ConnectAsync("Reader 1", mode, Ct));
    }

    [Fact]
    public async Task Connect_negotiates_t0_or_t1_in_the_asked_share_mode_and_reads_the_atr()
    {
        var (api, connection) = await ConnectAsync(CardShareMode.Exclusive);

        Assert.Equal("Reader 1", connection.ReaderName);
        Assert.Equal(CardProtocol.T1, connection.Protocol);
        Assert.Equal(PcscApiMock.Atr, connection.Atr.ToArray());
        api.Verify(a => a.Connect(PcscApiMock.Context, "Reader 1", PcscShareMode.Exclusive, PcscProtocols.T0 | PcscProtocols.T1, out It.Ref<nint>.IsAny, out It.Ref<PcscProtocols>.IsAny), Times.Once);
    }

    [Fact]
    public async Task Transmit_writes_the_response_into_the_caller_buffer()
    {
        var (api, connection) = await ConnectAsync();
        PcscApiMock.SetTransmit(api, (command, response) =>
        {
            Assert.Equal(Select, command.ToArray());
            Assert.True(response.Length >= PcscCardConnection.MaxResponseLength, "the receive buffer must fit an extended response");
            response.Span[0] = 0x90;
            response.Span[1] = 0x00;
            return (0, 2);
        });
        var buffer = new byte[PcscCardConnection.MaxResponseLength];

        var received = await connection.TransmitAsync(Select, buffer, Ct);

        Assert.Equal(2, received);
        Assert.Equal(new byte[] { 0x90, 0x00 }, buffer[..2]);
    }

    [Fact]
    public async Task A_small_caller_buffer_receives_through_an_extended_buffer_and_too_long_answers_say_so()
    {
        var (api, connection) = await ConnectAsync();
        var answer = 2;
        PcscApiMock.SetTransmit(api, (_, response) =>
        {
            Assert.Equal(PcscCardConnection.MaxResponseLength, response.Length);
            response.Span[answer - 2] = 0x90;
            return (0, answer);
        });
        var small = new byte[16];

        Assert.Equal(2, await connection.TransmitAsync(Select, small, Ct));
        Assert.Equal(0x90, small[0]);

        answer = 300;
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await connection.TransmitAsync(Select, small, Ct));
        Assert.Contains("300", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_byte_response_from_a_removed_card_is_card_removed_never_an_empty_response()
    {
        var (api, connection) = await ConnectAsync();
        PcscApiMock.SetTransmit(api, (_, _) => (0, 0));
        PcscApiMock.SetStatus(api, present: false, rc: 0x80100069);

        await Assert.ThrowsAsync<CardRemovedException>(async () => await connection.TransmitAsync(Select, new byte[258], Ct));
    }

    [Fact]
    public async Task A_zero_byte_response_while_the_card_is_still_reported_present_is_a_communication_failure()
    {
        var (api, connection) = await ConnectAsync();
        PcscApiMock.SetTransmit(api, (_, _) => (0, 1));

        var ex = await Assert.ThrowsAsync<CardCommunicationException>(async () => await connection.TransmitAsync(Select, new byte[258], Ct));
        Assert.IsNotType<CardRemovedException>(ex);
        Assert.Contains("fewer than a status word", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_by_another_application_is_reported_once_and_the_connection_reconnects()
    {
        var (api, connection) = await ConnectAsync();
        var calls = 0;
        PcscApiMock.SetTransmit(api, (_, response) =>
        {
            if (calls++ == 0)
            {
                return (0x80100068, 0);
            }

            response.Span[0] = 0x90;
            return (0, 2);
        });

        await Assert.ThrowsAsync<CardResetException>(async () => await connection.TransmitAsync(Select, new byte[258], Ct));
        api.Verify(a => a.Reconnect(PcscApiMock.Card, PcscShareMode.Shared, PcscProtocols.T0 | PcscProtocols.T1, CardDisposition.Leave, out It.Ref<PcscProtocols>.IsAny), Times.Once);
        Assert.Equal(2, await connection.TransmitAsync(Select, new byte[258], Ct));
    }

    [Fact]
    public async Task A_transaction_on_a_card_reset_meanwhile_raises_card_reset_so_the_caller_reselects()
    {
        var (api, connection) = await ConnectAsync();
        api.Setup(a => a.BeginTransaction(PcscApiMock.Card)).Returns(0x80100068u);

        await Assert.ThrowsAsync<CardResetException>(async () => await connection.BeginTransactionAsync(Ct));
        api.Verify(a => a.Reconnect(PcscApiMock.Card, It.IsAny<PcscShareMode>(), It.IsAny<PcscProtocols>(), CardDisposition.Leave, out It.Ref<PcscProtocols>.IsAny), Times.Once);
    }

    [Fact]
    public async Task A_transaction_ends_with_its_disposition_once()
    {
        var (api, connection) = await ConnectAsync();

        var transaction = await connection.BeginTransactionAsync(Ct);
        await transaction.EndAsync(CardDisposition.Reset, Ct);
        await transaction.DisposeAsync();

        api.Verify(a => a.EndTransaction(PcscApiMock.Card, CardDisposition.Reset), Times.Once);
        api.Verify(a => a.EndTransaction(It.IsAny<nint>(), CardDisposition.Leave), Times.Never);
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_the_card_sees_the_command()
    {
        var (api, connection) = await ConnectAsync();
        PcscApiMock.SetTransmit(api, (_, _) => (0, 2));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.TransmitAsync(Select, new byte[258], cancelled.Token));
        api.Verify(a => a.Transmit(It.IsAny<nint>(), It.IsAny<PcscProtocols>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<Memory<byte>>(), out It.Ref<int>.IsAny), Times.Never);
    }

    [Fact]
    public async Task Cancelling_during_a_blocking_call_asks_the_service_to_cancel_and_reports_cancellation()
    {
        var (api, connection) = await ConnectAsync();
        using var cancellation = new CancellationTokenSource();
        var cancelled = new ManualResetEventSlim();
        api.Setup(a => a.Cancel(PcscApiMock.Context)).Returns(0u).Callback(cancelled.Set);
        PcscApiMock.SetTransmit(api, (_, _) =>
        {
            cancellation.Cancel();
            return cancelled.Wait(TimeSpan.FromSeconds(10)) ? (0x80100002u, 0) : (0u, 2);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.TransmitAsync(Select, new byte[258], cancellation.Token));
        api.Verify(a => a.Cancel(PcscApiMock.Context), Times.Once);
    }

    [Fact]
    public async Task Reset_reconnects_with_reset_or_unpower_and_refreshes_the_atr()
    {
        var (api, connection) = await ConnectAsync();

        await connection.ResetAsync(CardResetKind.Warm, Ct);
        await connection.ResetAsync(CardResetKind.Cold, Ct);

        api.Verify(a => a.Reconnect(PcscApiMock.Card, PcscShareMode.Shared, It.IsAny<PcscProtocols>(), CardDisposition.Reset, out It.Ref<PcscProtocols>.IsAny), Times.Once);
        api.Verify(a => a.Reconnect(PcscApiMock.Card, PcscShareMode.Shared, It.IsAny<PcscProtocols>(), CardDisposition.Unpower, out It.Ref<PcscProtocols>.IsAny), Times.Once);
        api.Verify(a => a.Status(PcscApiMock.Card, out It.Ref<PcscCardStatus>.IsAny), Times.Exactly(3));
    }

    [Fact]
    public async Task Dispose_leaves_the_card_and_releases_the_context_once()
    {
        var (api, connection) = await ConnectAsync();

        await connection.DisposeAsync();
        await connection.DisposeAsync();

        api.Verify(a => a.Disconnect(PcscApiMock.Card, CardDisposition.Leave), Times.Once);
        api.Verify(a => a.ReleaseContext(PcscApiMock.Context), Times.Once);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.TransmitAsync(Select, new byte[258], Ct));
    }

    [Fact]
    public async Task Disconnect_with_a_disposition_passes_it_to_the_service()
    {
        var (api, connection) = await ConnectAsync();

        await ((PcscCardConnection)connection).DisconnectAsync(CardDisposition.Unpower);

        api.Verify(a => a.Disconnect(PcscApiMock.Card, CardDisposition.Unpower), Times.Once);
    }

    [Fact]
    public async Task A_sharing_violation_on_connect_is_typed_and_releases_the_context()
    {
        var api = PcscApiMock.Create();
        api.Setup(a => a.Connect(It.IsAny<nint>(), It.IsAny<string>(), It.IsAny<PcscShareMode>(), It.IsAny<PcscProtocols>(), out It.Ref<nint>.IsAny, out It.Ref<PcscProtocols>.IsAny))
            .Returns(new PcscApiMock.ConnectFn((nint _, string _, PcscShareMode _, PcscProtocols _, out nint card, out PcscProtocols active) =>
            {
                card = 0;
                active = PcscProtocols.None;
                return 0x8010000B;
            }));
        var provider = new PcscReaderProvider(api.Object, logger: null);

        var ex = await Assert.ThrowsAsync<CardSharingViolationException>(async () => await provider.ConnectAsync("Reader 1", CardShareMode.Exclusive, Ct));
        Assert.Contains("Reader 1", ex.Message, StringComparison.Ordinal);
        api.Verify(a => a.ReleaseContext(PcscApiMock.Context), Times.Once);
    }
}
