using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// The pcsc-lite entry points (Linux, and other Unixes with pcsc-lite) in the neutral shape:
/// DWORDs and lengths are C unsigned longs here (8 bytes on 64-bit), widened on the way in and
/// narrowed on the way out; codes are C longs, of which PC/SC uses the low 32 bits.
/// </summary>
internal readonly unsafe struct LinuxPcscCalls : IPcscNativeCalls<byte, LinuxScardReaderState>
{
    private const nuint ScopeUser = 0;

    public static string Description => "pcsc-lite (" + LinuxPcscNative.Library + ")";

    public static uint RawProtocol => 4;

    public static uint EstablishContext(nint* context) => Code(LinuxPcscNative.SCardEstablishContext(ScopeUser, null, null, context));

    public static uint ReleaseContext(nint context) => Code(LinuxPcscNative.SCardReleaseContext(context));

    public static uint Cancel(nint context) => Code(LinuxPcscNative.SCardCancel(context));

    public static uint ListReaders(nint context, byte* readers, uint* length)
    {
        nuint nativeLength = *length;
        var rc = Code(LinuxPcscNative.SCardListReaders(context, null, readers, &nativeLength));
        *length = Narrow(nativeLength);
        return rc;
    }

    public static IReadOnlyList<string> SplitNames(ReadOnlySpan<byte> multi) => PcscStrings.SplitUtf8(multi);

    public static uint Connect(nint context, string readerName, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol)
    {
        var name = PcscStrings.ToUtf8Z(readerName);
        nuint protocol = 0;
        nint rc;
        fixed (byte* p = name)
        {
            rc = LinuxPcscNative.SCardConnect(context, p, shareMode, preferredProtocols, card, &protocol);
        }

        *activeProtocol = (uint)protocol;
        return Code(rc);
    }

    public static uint Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol)
    {
        nuint protocol = 0;
        var rc = Code(LinuxPcscNative.SCardReconnect(card, shareMode, preferredProtocols, initialization, &protocol));
        *activeProtocol = (uint)protocol;
        return rc;
    }

    public static uint Disconnect(nint card, uint disposition) => Code(LinuxPcscNative.SCardDisconnect(card, disposition));

    public static uint BeginTransaction(nint card) => Code(LinuxPcscNative.SCardBeginTransaction(card));

    public static uint EndTransaction(nint card, uint disposition) => Code(LinuxPcscNative.SCardEndTransaction(card, disposition));

    public static uint Status(nint card, byte* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength)
    {
        nuint nameLength = *readerNamesLength;
        nuint nativeAtrLength = *atrLength;
        nuint nativeState = 0;
        nuint nativeProtocol = 0;
        var rc = Code(LinuxPcscNative.SCardStatus(card, readerNames, &nameLength, &nativeState, &nativeProtocol, atr, &nativeAtrLength));
        *readerNamesLength = Narrow(nameLength);
        *atrLength = Narrow(nativeAtrLength);
        *state = (uint)nativeState;
        *protocol = (uint)nativeProtocol; // every protocol bit lives in the low 32 bits
        return rc;
    }

    // pcsc-lite's SCardStatus state is a bit mask: ABSENT 0x2, then PRESENT/SWALLOWED/POWERED/NEGOTIABLE/SPECIFIC.
    public static bool IsPresent(uint state) => (state & 0x2) == 0 && (state & 0x7C) != 0;

    public static uint Transmit(nint card, uint protocol, byte* send, uint sendLength, byte* receive, uint* receiveLength)
    {
        var pci = new LinuxScardIoRequest { Protocol = protocol, PciLength = (nuint)sizeof(LinuxScardIoRequest) };
        nuint length = *receiveLength;
        var rc = Code(LinuxPcscNative.SCardTransmit(card, &pci, send, sendLength, null, receive, &length));
        *receiveLength = Narrow(length);
        return rc;
    }

    public static nint AllocReaderName(string readerName) => Marshal.StringToCoTaskMemUTF8(readerName);

    public static void SetReaderState(LinuxScardReaderState* state, nint readerName, uint currentState)
    {
        state->Reader = readerName;
        state->CurrentState = currentState;
    }

    public static uint GetEventState(LinuxScardReaderState* state) => (uint)state->EventState;

    public static ReadOnlySpan<byte> GetAtr(LinuxScardReaderState* state) =>
        new(state->Atr, (int)Math.Min(state->AtrLength, (nuint)LinuxScardReaderState.AtrCapacity));

    public static uint GetStatusChange(nint context, uint timeout, LinuxScardReaderState* states, uint count) =>
        Code(LinuxPcscNative.SCardGetStatusChange(context, timeout, states, count));

    private static uint Code(nint rc) => unchecked((uint)rc);

    // A length the library reports never exceeds what it was given (at most int.MaxValue); clamp rather than wrap.
    private static uint Narrow(nuint length) => (uint)Math.Min(length, uint.MaxValue);
}
