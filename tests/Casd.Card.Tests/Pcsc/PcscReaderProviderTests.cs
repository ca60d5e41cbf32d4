using Casd.Card.Pcsc;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Tests.Pcsc;

public class PcscReaderProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_readers_is_an_empty_list()
    {
        var api = PcscApiMock.Create();
        PcscApiMock.SetReaders(api, () => (0, []));

        var readers = await new PcscReaderProvider(api.Object, null).ListReadersAsync(Ct);

        Assert.Empty(readers);
        api.Verify(a => a.ReleaseContext(PcscApiMock.Context), Times.Once);
    }

    [Fact]
    public async Task Readers_come_with_card_presence_and_atr()
    {
        var api = PcscApiMock.Create();
        PcscApiMock.SetReaders(api, () => (0, ["A", "B"]));
        api.Setup(a => a.GetStatusChange(PcscApiMock.Context, 0u, It.IsAny<PcscReaderState[]>())).Returns((nint _, uint _, PcscReaderState[] states) =>
        {
            states[0].EventState = (uint)PcscReaderStateFlags.Empty;
            states[1].EventState = (uint)(PcscReaderStateFlags.Present | PcscReaderStateFlags.Changed);
            states[1].Atr = PcscApiMock.Atr;
            return 0u;
        });

        var readers = await new PcscReaderProvider(api.Object, null).ListReadersAsync(Ct);

        Assert.Equal(2, readers.Count);
        Assert.False(readers[0].IsCardPresent);
        Assert.True(readers[0].Atr.IsEmpty);
        Assert.True(readers[1].IsCardPresent);
        Assert.Equal(PcscApiMock.Atr, readers[1].Atr.ToArray());
    }

    [Fact]
    public async Task No_service_is_the_typed_exception_with_the_pcscd_advice()
    {
        var api = new Mock<IPcscApi>();
        api.Setup(a => a.EstablishContext(out It.Ref<nint>.IsAny)).Returns(0x8010001Du);

        var ex = await Assert.ThrowsAsync<CardServiceUnavailableException>(async () => await new PcscReaderProvider(api.Object, null).ListReadersAsync(Ct));
        Assert.Contains("pcscd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_pcsc_library_reads_as_no_service()
    {
        var api = new Mock<IPcscApi>();
        api.Setup(a => a.EstablishContext(out It.Ref<nint>.IsAny)).Throws(new DllNotFoundException("libpcsclite.so.1"));

        await Assert.ThrowsAsync<CardServiceUnavailableException>(async () => await new PcscReaderProvider(api.Object, null).ListReadersAsync(Ct));
    }

    [Fact]
    public async Task An_unknown_reader_is_reader_not_found()
    {
        var api = PcscApiMock.Create();
        api.Setup(a => a.Connect(It.IsAny<nint>(), It.IsAny<string>(), It.IsAny<PcscShareMode>(), It.IsAny<PcscProtocols>(), out It.Ref<nint>.IsAny, out It.Ref<PcscProtocols>.IsAny))
            .Returns(0x80100009u);

        await Assert.ThrowsAsync<CardReaderNotFoundException>(async () => await new PcscReaderProvider(api.Object, null).ConnectAsync("nope", cancellationToken: Ct));
    }
}
