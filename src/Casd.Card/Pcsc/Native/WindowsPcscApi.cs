using System.Runtime.InteropServices;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc.Native;

/// <summary>The winscard.dll binding (Windows): the W entry points, 4-byte DWORDs, a 36-byte ATR buffer.</summary>
internal sealed unsafe class WindowsPcscApi : IPcscApi
{
    private const uint ScopeUser = 0;
    private const uint Infinite = 0xFFFFFFFF;
    private const uint NativeRaw = 0x10000;
    private const int ReaderNameCapacity = 1024;
    private const int AtrCapacity = 36;

    public string Description => "winscard.dll";

    public uint EstablishContext(out nint context)
    {
        nint handle = 0;
        var rc = Code(WindowsPcscNative.SCardEstablishContext(ScopeUser, null, null, &handle));
        context = handle;
        return rc;
    }

    public uint ReleaseContext(nint context) => Code(WindowsPcscNative.SCardReleaseContext(context));

    public uint Cancel(nint context) => Code(WindowsPcscNative.SCardCancel(context));

    public uint ListReaders(nint context, out IReadOnlyList<string> readers)
    {
        readers = [];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            uint length = 0;
            var rc = Code(WindowsPcscNative.SCardListReadersW(context, null, null, &length));
            if (rc == (uint)PcscErrorCode.NoReadersAvailable)
            {
                return 0;
            }

            if (rc != 0)
            {
                return rc;
            }

            var buffer = new char[(int)length];
            fixed (char* p = buffer)
            {
                rc = Code(WindowsPcscNative.SCardListReadersW(context, null, p, &length));
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
                readers = PcscStrings.SplitUtf16(buffer.AsSpan(0, Math.Min((int)length, buffer.Length)));
            }

            return rc;
        }

        return (uint)PcscErrorCode.InsufficientBuffer;
    }

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        nint handle = 0;
        uint protocol = 0;
        uint rc;
        fixed (char* p = readerName)
        {
            // a fixed string is NUL-terminated, as the W functions expect
            rc = Code(WindowsPcscNative.SCardConnectW(context, p, (uint)shareMode, ToNative(preferred), &handle, &protocol));
        }

        card = handle;
        active = FromNative(protocol);
        return rc;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active)
    {
        uint protocol = 0;
        var rc = Code(WindowsPcscNative.SCardReconnect(card, (uint)shareMode, ToNative(preferred), (uint)initialization, &protocol));
        active = FromNative(protocol);
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => Code(WindowsPcscNative.SCardDisconnect(card, (uint)disposition));

    public uint BeginTransaction(nint card) => Code(WindowsPcscNative.SCardBeginTransaction(card));

    public uint EndTransaction(nint card, CardDisposition disposition) => Code(WindowsPcscNative.SCardEndTransaction(card, (uint)disposition));

    public uint Status(nint card, out PcscCardStatus status)
    {
        var name = stackalloc char[ReaderNameCapacity];
        var atr = stackalloc byte[AtrCapacity];
        uint nameLength = ReaderNameCapacity;
        uint atrLength = AtrCapacity;
        uint state = 0;
        uint protocol = 0;
        var rc = Code(WindowsPcscNative.SCardStatusW(card, name, &nameLength, &state, &protocol, atr, &atrLength));
        var names = rc == 0 ? PcscStrings.SplitUtf16(new ReadOnlySpan<char>(name, (int)Math.Min(nameLength, ReaderNameCapacity))) : [];

        // winscard reports an enumeration, not a mask: SCARD_ABSENT 1, SCARD_PRESENT 2 and above when present.
        status = rc != 0
            ? new PcscCardStatus(string.Empty, false, PcscProtocols.None, [])
            : new PcscCardStatus(names.Count > 0 ? names[0] : string.Empty, state >= 2, FromNative(protocol), new ReadOnlySpan<byte>(atr, (int)Math.Min(atrLength, AtrCapacity)).ToArray());
        return rc;
    }

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received)
    {
        var pci = new WindowsScardIoRequest { Protocol = ToNative(protocol), PciLength = (uint)sizeof(WindowsScardIoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command.Span)
        fixed (byte* receive = response.Span)
        {
            rc = Code(WindowsPcscNative.SCardTransmit(card, &pci, send, (uint)command.Length, null, receive, &length));
        }

        received = rc == 0 ? (int)Math.Min(length, (uint)response.Length) : 0;
        return rc;
    }

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states)
    {
        var native = new WindowsScardReaderState[states.Length];
        var names = new nint[states.Length];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUni(states[i].ReaderName);
                native[i].Reader = names[i];
                native[i].CurrentState = states[i].CurrentState;
            }

            uint rc;
            fixed (WindowsScardReaderState* p = native)
            {
                rc = Code(WindowsPcscNative.SCardGetStatusChangeW(context, timeoutMilliseconds == uint.MaxValue ? Infinite : timeoutMilliseconds, p, (uint)states.Length));
                for (var i = 0; i < states.Length; i++)
                {
                    states[i].EventState = p[i].EventState;
                    var atrLength = (int)Math.Min(p[i].AtrLength, (uint)WindowsScardReaderState.AtrCapacity);
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
