using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Benchmarks.Pcsc;

/// <summary>A PC/SC service that answers every call at once (90 00 to every APDU), to isolate the binding's own cost.</summary>
internal sealed class InstantPcscApi : IPcscApi
{
    public string Description => "instant";

    public uint EstablishContext(out nint context)
    {
        context = 1;
        return 0;
    }

    public uint ReleaseContext(nint context) => 0;

    public uint Cancel(nint context) => 0;

    public uint ListReaders(nint context, out IReadOnlyList<string> readers)
    {
        readers = ["Instant"];
        return 0;
    }

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        card = 2;
        active = PcscProtocols.T1;
        return 0;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active)
    {
        active = PcscProtocols.T1;
        return 0;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => 0;

    public uint BeginTransaction(nint card) => 0;

    public uint EndTransaction(nint card, CardDisposition disposition) => 0;

    public uint Status(nint card, out PcscCardStatus status)
    {
        status = new PcscCardStatus("Instant", true, PcscProtocols.T1, [0x3B, 0x00]);
        return 0;
    }

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received)
    {
        var span = response.Span;
        span[0] = 0x90;
        span[1] = 0x00;
        received = 2;
        return 0;
    }

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states) => 0;
}
