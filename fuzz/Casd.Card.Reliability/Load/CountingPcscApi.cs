using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Reliability.Load;

/// <summary>
/// The platform's PC/SC calls, counted: contexts established and released, cards connected and
/// disconnected. The library keeps no such accounting itself; a leak shows as a count left open.
/// </summary>
internal sealed class CountingPcscApi(IPcscApi inner) : IPcscApi
{
    private long _contexts;
    private long _cards;

    public long OpenContexts => Interlocked.Read(ref _contexts);

    public long OpenCards => Interlocked.Read(ref _cards);

    public string Description => inner.Description;

    public uint EstablishContext(out nint context)
    {
        var rc = inner.EstablishContext(out context);
        if (rc == 0)
        {
            Interlocked.Increment(ref _contexts);
        }

        return rc;
    }

    public uint ReleaseContext(nint context)
    {
        // Released whatever pcscd answers (it may be gone): the client library frees its side.
        Interlocked.Decrement(ref _contexts);
        return inner.ReleaseContext(context);
    }

    public uint Cancel(nint context) => inner.Cancel(context);

    public uint ListReaders(nint context, out IReadOnlyList<string> readers) => inner.ListReaders(context, out readers);

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        var rc = inner.Connect(context, readerName, shareMode, preferred, out card, out active);
        if (rc == 0)
        {
            Interlocked.Increment(ref _cards);
        }

        return rc;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active) =>
        inner.Reconnect(card, shareMode, preferred, initialization, out active);

    public uint Disconnect(nint card, CardDisposition disposition)
    {
        Interlocked.Decrement(ref _cards);
        return inner.Disconnect(card, disposition);
    }

    public uint BeginTransaction(nint card) => inner.BeginTransaction(card);

    public uint EndTransaction(nint card, CardDisposition disposition) => inner.EndTransaction(card, disposition);

    public uint Status(nint card, out PcscCardStatus status) => inner.Status(card, out status);

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received) =>
        inner.Transmit(card, protocol, command, response, out received);

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states) => inner.GetStatusChange(context, timeoutMilliseconds, states);
}
