using System.Runtime.InteropServices;
using Casd.Card.Transport;

namespace Casd.Card.Pcsc.Native;

/// <summary>The pcsc-lite binding (Linux, and other Unixes with pcsc-lite).</summary>
internal sealed unsafe class LinuxPcscApi : IPcscApi
{
    private const nuint ScopeUser = 0;
    private const nuint Infinite = 0xFFFFFFFF;
    private const nuint NativeRaw = 4;
    private const int ReaderNameCapacity = 1024;
    private const int AtrCapacity = 36;

    public string Description => "pcsc-lite (" + LinuxPcscNative.Library + ")";

    public uint EstablishContext(out nint context)
    {
        nint handle = 0;
        var rc = Code(LinuxPcscNative.SCardEstablishContext(ScopeUser, null, null, &handle));
        context = handle;
        return rc;
    }

    public uint ReleaseContext(nint context) => Code(LinuxPcscNative.SCardReleaseContext(context));

    public uint Cancel(nint context) => Code(LinuxPcscNative.SCardCancel(context));

    public uint ListReaders(nint context, out IReadOnlyList<string> readers)
    {
        readers = [];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            nuint length = 0;
            var rc = Code(LinuxPcscNative.SCardListReaders(context, null, null, &length));
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
                rc = Code(LinuxPcscNative.SCardListReaders(context, null, p, &length));
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
                readers = PcscStrings.SplitUtf8(buffer.AsSpan(0, Math.Min((int)length, buffer.Length)));
            }

            return rc;
        }

        return (uint)PcscErrorCode.InsufficientBuffer;
    }

    public uint Connect(nint context, string readerName, PcscShareMode shareMode, PcscProtocols preferred, out nint card, out PcscProtocols active)
    {
        var name = PcscStrings.ToUtf8Z(readerName);
        nint handle = 0;
        nuint protocol = 0;
        uint rc;
        fixed (byte* p = name)
        {
            rc = Code(LinuxPcscNative.SCardConnect(context, p, (nuint)shareMode, ToNative(preferred), &handle, &protocol));
        }

        card = handle;
        active = FromNative(protocol);
        return rc;
    }

    public uint Reconnect(nint card, PcscShareMode shareMode, PcscProtocols preferred, CardDisposition initialization, out PcscProtocols active)
    {
        nuint protocol = 0;
        var rc = Code(LinuxPcscNative.SCardReconnect(card, (nuint)shareMode, ToNative(preferred), (nuint)initialization, &protocol));
        active = FromNative(protocol);
        return rc;
    }

    public uint Disconnect(nint card, CardDisposition disposition) => Code(LinuxPcscNative.SCardDisconnect(card, (nuint)disposition));

    public uint BeginTransaction(nint card) => Code(LinuxPcscNative.SCardBeginTransaction(card));

    public uint EndTransaction(nint card, CardDisposition disposition) => Code(LinuxPcscNative.SCardEndTransaction(card, (nuint)disposition));

    public uint Status(nint card, out PcscCardStatus status)
    {
        var name = stackalloc byte[ReaderNameCapacity];
        var atr = stackalloc byte[AtrCapacity];
        nuint nameLength = ReaderNameCapacity;
        nuint atrLength = AtrCapacity;
        nuint state = 0;
        nuint protocol = 0;
        var rc = Code(LinuxPcscNative.SCardStatus(card, name, &nameLength, &state, &protocol, atr, &atrLength));
        status = rc != 0
            ? new PcscCardStatus(string.Empty, false, PcscProtocols.None, [])
            : new PcscCardStatus(
                PcscStrings.FirstUtf8(new ReadOnlySpan<byte>(name, (int)Math.Min(nameLength, ReaderNameCapacity))),
                IsPresent((uint)state),
                FromNative(protocol),
                new ReadOnlySpan<byte>(atr, (int)Math.Min(atrLength, AtrCapacity)).ToArray());
        return rc;
    }

    public uint Transmit(nint card, PcscProtocols protocol, ReadOnlyMemory<byte> command, Memory<byte> response, out int received)
    {
        var pci = new LinuxScardIoRequest { Protocol = ToNative(protocol), PciLength = (nuint)sizeof(LinuxScardIoRequest) };
        var length = (nuint)response.Length;
        uint rc;
        fixed (byte* send = command.Span)
        fixed (byte* receive = response.Span)
        {
            rc = Code(LinuxPcscNative.SCardTransmit(card, &pci, send, (nuint)command.Length, null, receive, &length));
        }

        received = rc == 0 ? (int)Math.Min(length, (nuint)response.Length) : 0;
        return rc;
    }

    public uint GetStatusChange(nint context, uint timeoutMilliseconds, PcscReaderState[] states)
    {
        var native = new LinuxScardReaderState[states.Length];
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
            fixed (LinuxScardReaderState* p = native)
            {
                rc = Code(LinuxPcscNative.SCardGetStatusChange(context, timeoutMilliseconds == uint.MaxValue ? Infinite : timeoutMilliseconds, p, (nuint)states.Length));
                for (var i = 0; i < states.Length; i++)
                {
                    states[i].EventState = (uint)p[i].EventState;
                    var atrLength = (int)Math.Min(p[i].AtrLength, (nuint)LinuxScardReaderState.AtrCapacity);
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

    // pcsc-lite's SCardStatus state is a bit mask: ABSENT 0x2, then PRESENT/SWALLOWED/POWERED/NEGOTIABLE/SPECIFIC.
    internal static bool IsPresent(uint state) => (state & 0x2) == 0 && (state & 0x7C) != 0;

    private static uint Code(nint rc) => unchecked((uint)rc);

    private static nuint ToNative(PcscProtocols protocols) =>
        (nuint)(protocols & (PcscProtocols.T0 | PcscProtocols.T1)) | ((protocols & PcscProtocols.Raw) != 0 ? NativeRaw : 0);

    private static PcscProtocols FromNative(nuint protocol) =>
        (PcscProtocols)((uint)protocol & 3) | ((protocol & NativeRaw) != 0 ? PcscProtocols.Raw : PcscProtocols.None);
}
