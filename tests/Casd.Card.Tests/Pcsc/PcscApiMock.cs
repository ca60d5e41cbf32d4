using Casd.Card.Pcsc;
using Casd.Card.Transport;
using Moq;

namespace Casd.Card.Tests.Pcsc;

/// <summary>A Moq'd PC/SC API with a working default: context 7, one reader, card handle 9, T=1.</summary>
internal static class PcscApiMock
{
    public const nint Context = 7;
    public const nint Card = 9;
    public static readonly byte[] Atr = [0x3B, 0x80, 0x80, 0x01, 0x01];

    public delegate uint EstablishFn(out nint context);

    public delegate uint ListFn(nint context, out IReadOnlyList<string> readers);

    public delegate uint ConnectFn(nint context, string reader, PcscShareMode share, PcscProtocols preferred, out nint card, out PcscProtocols active);

    public delegate uint ReconnectFn(nint card, PcscShareMode share, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active);

    public delegate uint StatusFn(nint card, out PcscCardStatus status);

    public delegate uint TransmitFn(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received);

    public static Mock<IPcscApi> Create()
    {
        var api = new Mock<IPcscApi>(MockBehavior.Strict);
        api.SetupGet(a => a.Description).Returns("mock");
        api.Setup(a => a.EstablishContext(out It.Ref<nint>.IsAny)).Returns(new EstablishFn((out nint c) =>
        {
            c = Context;
            return 0;
        }));
        api.Setup(a => a.ReleaseContext(It.IsAny<nint>())).Returns(0u);
        api.Setup(a => a.Cancel(It.IsAny<nint>())).Returns(0u);
        api.Setup(a => a.Connect(It.IsAny<nint>(), It.IsAny<string>(), It.IsAny<PcscShareMode>(), It.IsAny<PcscProtocols>(), out It.Ref<nint>.IsAny, out It.Ref<PcscProtocols>.IsAny))
            .Returns(new ConnectFn((nint _, string _, PcscShareMode _, PcscProtocols _, out nint card, out PcscProtocols active) =>
            {
                card = Card;
                active = PcscProtocols.T1;
                return 0;
            }));
        api.Setup(a => a.Reconnect(It.IsAny<nint>(), It.IsAny<PcscShareMode>(), It.IsAny<PcscProtocols>(), It.IsAny<CardDisposition>(), out It.Ref<PcscProtocols>.IsAny))
            .Returns(new ReconnectFn((nint _, PcscShareMode _, PcscProtocols _, CardDisposition _, out PcscProtocols active) =>
            {
                active = PcscProtocols.T1;
                return 0;
            }));
        api.Setup(a => a.Disconnect(It.IsAny<nint>(), It.IsAny<CardDisposition>())).Returns(0u);
        api.Setup(a => a.BeginTransaction(It.IsAny<nint>())).Returns(0u);
        api.Setup(a => a.EndTransaction(It.IsAny<nint>(), It.IsAny<CardDisposition>())).Returns(0u);
        SetStatus(api, present: true);
        return api;
    }

    public static void SetStatus(Mock<IPcscApi> api, bool present, uint rc = 0) =>
        api.Setup(a => a.Status(It.IsAny<nint>(), out It.Ref<PcscCardStatus>.IsAny)).Returns(new StatusFn((nint _, out PcscCardStatus status) =>
        {
            status = new PcscCardStatus("Reader 1", present, PcscProtocols.T1, Atr);
            return rc;
        }));

    public static void SetTransmit(Mock<IPcscApi> api, Func<ReadOnlyMemory<byte>, Memory<byte>, (uint Rc, int Received)> answer) =>
        api.Setup(a => a.Transmit(It.IsAny<nint>(), It.IsAny<PcscProtocols>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<Memory<byte>>(), out It.Ref<int>.IsAny))
            .Returns(new TransmitFn((nint _, PcscProtocols _, ReadOnlyMemory<byte> command, Memory<byte> response, out int received) =>
            {
                var (rc, count) = answer(command, response);
                received = count;
                return rc;
            }));

    public static void SetReaders(Mock<IPcscApi> api, Func<(uint Rc, string[] Readers)> readers) =>
        api.Setup(a => a.ListReaders(It.IsAny<nint>(), out It.Ref<IReadOnlyList<string>>.IsAny)).Returns(new ListFn((nint _, out IReadOnlyList<string> list) =>
        {
            var (rc, names) = readers();
            list = names;
            return rc;
        }));
}
