using System.Runtime.InteropServices;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc.Native;

/// <summary>The PCSC.framework binding (macOS): 4-byte handles and DWORDs, packed structures.</summary>
internal sealed unsafe class MacPcscApi : IPcscApi
{
    private const uint ScopeUser = 0;
    private const uint Infinite = 0xFFFFFFFF;
    private const uint NativeRaw = 4;
    private const int ReaderNameCapacity = 1024;
    private const int AtrCapacity = 36;

    public string Description => "PCSC.framework";

    public uint EstablishContext(out nint context)
    {
        int handle = 0;
        var rc = Code(MacPcscNative.SCardEstablishContext(ScopeUser, null, null, &handle));
        context = handle;
        return rc;
    }

    public uint ReleaseContext(nint context) => Code(MacPcscNative.SCardReleaseContext((int)context));

    public uint Cancel(nint context) => Code(MacPcscNative.SCardCancel((int)context));

    public uint ListReaders(nint context, out IReadOnlyList<string> readers)
    {
        readers = [];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            uint length = 0;
            var rc = Code(MacPcscNative.SCardListReaders((int)context, null, null, &length));
            if (rc == (uint)PcscErrorCode.NoReadersAvailable)
            {
                return 0;
            }

            if (rc != 0)
            {
                return rc;
            }

            var buffer = new byte[(int)length];
            fixed (byte* p = buffer)
            {
                rc = Code(MacPcscNative.SCardListReaders((int)context, null, p, &length));
            }

            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                continue;
            }

            if (rc == (uint)PcscErrorCode.NoReadersAvailable)
            {
                return 0;
            }

            if (rc == 0)
            {
                readers = PcscStrings.SplitUtf8(buffer.AsSpan(0, Math.Min((int)length, buffer.Length)));
            }

            return rc;
        }

        return (uint)PcscErrorCode.InsufficientBuffer;
    }

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        var name = PcscStrings.ToUtf8Z(readerName);
        int handle = 0;
        uint protocol = 0;
        uint rc;
        fixed (byte* p = name)
        {
            rc = Code(MacPcscNative.SCardConnect((int)context, p, (uint)shareMode, ToNative(preferred), &handle, &protocol));
        }

        card = handle;
        active = FromNative(protocol);
        return rc;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active)
    {
        uint protocol = 0;
        var rc = Code(MacPcscNative.SCardReconnect((int)card, (uint)shareMode, ToNative(preferred), (uint)initialization, &protocol));
        active = FromNative(protocol);
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => Code(MacPcscNative.SCardDisconnect((int)card, (uint)disposition));

    public uint BeginTransaction(nint card) => Code(MacPcscNative.SCardBeginTransaction((int)card));

    public uint EndTransaction(nint card, CardDisposition disposition) => Code(MacPcscNative.SCardEndTransaction((int)card, (uint)disposition));

    public uint Status(nint card, out PcscCardStatus status)
    {
        var name = stackalloc byte[ReaderNameCapacity];
        var atr = stackalloc byte[AtrCapacity];
        uint nameLength = ReaderNameCapacity;
        uint atrLength = AtrCapacity;
        uint state = 0;
        uint protocol = 0;
        var rc = Code(MacPcscNative.SCardStatus((int)card, name, &nameLength, &state, &protocol, atr, &atrLength));
        status = rc != 0
            ? new PcscCardStatus(string.Empty, false, PcscProtocols.None, [])
            : new PcscCardStatus(
                PcscStrings.FirstUtf8(new ReadOnlySpan<byte>(name, (int)Math.Min(nameLength, ReaderNameCapacity))),
                LinuxPcscApi.IsPresent(state),
                FromNative(protocol),
                new ReadOnlySpan<byte>(atr, (int)Math.Min(atrLength, AtrCapacity)).ToArray());
        return rc;
    }

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received)
    {
        var pci = new MacScardIoRequest { Protocol = ToNative(protocol), PciLength = (uint)sizeof(MacScardIoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command.Span)
        fixed (byte* receive = response.Span)
        {
            rc = Code(MacPcscNative.SCardTransmit((int)card, &pci, send, (uint)command.Length, null, receive, &length));
        }

        received = rc == 0 ? (int)Math.Min(length, (uint)response.Length) : 0;
        return rc;
    }

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states)
    {
        var native = new MacScardReaderState[states.Length];
        var names = new nint[states.Length];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(states[i].ReaderName);
                native[i].Reader = names[i];
                native[i].CurrentState = states[i].CurrentState;
            }

            uint rc;
            fixed (MacScardReaderState* p = native)
            {
                rc = Code(MacPcscNative.SCardGetStatusChange((int)context, timeoutMilliseconds == uint.MaxValue ? Infinite : timeoutMilliseconds, p, (uint)states.Length));
                for (var i = 0; i < states.Length; i++)
                {
                    states[i].EventState = p[i].EventState;
                    var atrLength = (int)Math.Min(p[i].AtrLength, (uint)MacScardReaderState.AtrCapacity);
                    states[i].Atr = new ReadOnlySpan<byte>(p[i].Atr, atrLength).ToArray();
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

    private static uint Code(int rc) => unchecked((uint)rc);

    private static uint ToNative(PcscProtocols protocols) =>
        (uint)(protocols & (PcscProtocols.T0 | PcscProtocols.T1)) | ((protocols & PcscProtocols.Raw) != 0 ? NativeRaw : 0);

    private static PcscProtocols FromNative(uint protocol) =>
        (PcscProtocols)(protocol & 3) | ((protocol & NativeRaw) != 0 ? PcscProtocols.Raw : PcscProtocols.None);
}
