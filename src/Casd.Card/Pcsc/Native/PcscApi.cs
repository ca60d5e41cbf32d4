using System.Runtime.InteropServices;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// The platform-neutral half of the binding (decision 0013): list retries, multi-strings, status,
/// protocol bits, transmit and reader-state arrays, written once over <typeparamref name="TCalls"/>,
/// which holds a platform's entry points and type widths.
/// </summary>
/// <typeparam name="TCalls">The platform: <see cref="LinuxPcscCalls"/>, <see cref="WindowsPcscCalls"/> or <see cref="MacPcscCalls"/>.</typeparam>
/// <typeparam name="TChar">The platform's string unit.</typeparam>
/// <typeparam name="TReaderState">The platform's SCARD_READERSTATE layout.</typeparam>
internal sealed unsafe class PcscApi<TCalls, TChar, TReaderState> : IPcscApi
    where TCalls : struct, IPcscNativeCalls<TChar, TReaderState>
    where TChar : unmanaged
    where TReaderState : unmanaged
{
    private const int ReaderNameCapacity = 1024;
    private const int AtrCapacity = 36;

    public string Description => TCalls.Description;

    public uint EstablishContext(out nint context)
    {
        nint handle = 0;
        var rc = TCalls.EstablishContext(&handle);
        context = handle;
        return rc;
    }

    public uint ReleaseContext(nint context) => TCalls.ReleaseContext(context);

    public uint Cancel(nint context) => TCalls.Cancel(context);

    public uint ListReaders(nint context, out IReadOnlyList<string> readers)
    {
        readers = [];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            uint length = 0;
            var rc = TCalls.ListReaders(context, null, &length);
            if (rc == (uint)PcscErrorCode.NoReadersAvailable)
            {
                return 0;
            }

            if (rc != 0)
            {
                return rc;
            }

            var buffer = new TChar[(int)length];
            fixed (TChar* p = buffer)
            {
                rc = TCalls.ListReaders(context, p, &length);
            }

            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                continue; // a reader appeared between the two calls
            }

            if (rc == (uint)PcscErrorCode.NoReadersAvailable)
            {
                return 0;
            }

            if (rc == 0)
            {
                readers = TCalls.SplitNames(buffer.AsSpan(0, Math.Min((int)length, buffer.Length)));
            }

            return rc;
        }

        return (uint)PcscErrorCode.InsufficientBuffer;
    }

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        nint handle = 0;
        uint protocol = 0;
        var rc = TCalls.Connect(context, readerName, (uint)shareMode, ToNative(preferred), &handle, &protocol);
        card = handle;
        active = FromNative(protocol);
        return rc;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active)
    {
        uint protocol = 0;
        var rc = TCalls.Reconnect(card, (uint)shareMode, ToNative(preferred), (uint)initialization, &protocol);
        active = FromNative(protocol);
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => TCalls.Disconnect(card, (uint)disposition);

    public uint BeginTransaction(nint card) => TCalls.BeginTransaction(card);

    public uint EndTransaction(nint card, CardDisposition disposition) => TCalls.EndTransaction(card, (uint)disposition);

    public uint Status(nint card, out PcscCardStatus status)
    {
        var name = stackalloc TChar[ReaderNameCapacity];
        var atr = stackalloc byte[AtrCapacity];
        uint nameLength = ReaderNameCapacity;
        uint atrLength = AtrCapacity;
        uint state = 0;
        uint protocol = 0;
        var rc = TCalls.Status(card, name, &nameLength, &state, &protocol, atr, &atrLength);
        if (rc != 0)
        {
            status = new PcscCardStatus(string.Empty, false, PcscProtocols.None, []);
            return rc;
        }

        var names = TCalls.SplitNames(new ReadOnlySpan<TChar>(name, (int)Math.Min(nameLength, ReaderNameCapacity)));
        status = new PcscCardStatus(
            names.Count > 0 ? names[0] : string.Empty,
            TCalls.IsPresent(state),
            FromNative(protocol),
            new ReadOnlySpan<byte>(atr, (int)Math.Min(atrLength, AtrCapacity)).ToArray());
        return rc;
    }

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received)
    {
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command.Span)
        fixed (byte* receive = response.Span)
        {
            rc = TCalls.Transmit(card, ToNative(protocol), send, (uint)command.Length, receive, &length);
        }

        received = rc == 0 ? (int)Math.Min(length, (uint)response.Length) : 0;
        return rc;
    }

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states)
    {
        var native = new TReaderState[states.Length];
        var names = new nint[states.Length];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                names[i] = TCalls.AllocReaderName(states[i].ReaderName);
            }

            uint rc;
            fixed (TReaderState* p = native)
            {
                for (var i = 0; i < states.Length; i++)
                {
                    TCalls.SetReaderState(p + i, names[i], states[i].CurrentState);
                }

                // INFINITE is 0xFFFFFFFF on every platform, which is uint.MaxValue: the timeout passes as it is.
                rc = TCalls.GetStatusChange(context, timeoutMilliseconds, p, (uint)states.Length);
                for (var i = 0; i < states.Length; i++)
                {
                    states[i].EventState = TCalls.GetEventState(p + i);
                    states[i].Atr = TCalls.GetAtr(p + i).ToArray();
                }
            }

            return rc;
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    private static uint ToNative(PcscProtocols protocols) =>
        (uint)(protocols & (PcscProtocols.T0 | PcscProtocols.T1)) | ((protocols & PcscProtocols.Raw) != 0 ? TCalls.RawProtocol : 0);

    private static PcscProtocols FromNative(uint protocol) =>
        (PcscProtocols)(protocol & 3) | ((protocol & TCalls.RawProtocol) != 0 ? PcscProtocols.Raw : PcscProtocols.None);
}
