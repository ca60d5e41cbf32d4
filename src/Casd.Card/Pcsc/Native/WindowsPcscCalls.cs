using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// The winscard.dll entry points (Windows) in the neutral shape: the W variants for strings
/// (UTF-16), 4-byte LONG and DWORD, pointer-sized handles, a 36-byte ATR buffer in the reader state.
/// </summary>
internal readonly unsafe struct WindowsPcscCalls : IPcscNativeCalls<char, WindowsScardReaderState>
{
    private const uint ScopeUser = 0;

    public static string Description => "winscard.dll";

    public static uint RawProtocol => 0x10000;

    public static uint EstablishContext(nint* context) => Code(WindowsPcscNative.SCardEstablishContext(ScopeUser, null, null, context));

    public static uint ReleaseContext(nint context) => Code(WindowsPcscNative.SCardReleaseContext(context));

    public static uint Cancel(nint context) => Code(WindowsPcscNative.SCardCancel(context));

    public static uint ListReaders(nint context, char* readers, uint* length) =>
        Code(WindowsPcscNative.SCardListReadersW(context, null, readers, length));

    public static IReadOnlyList<string> SplitNames(ReadOnlySpan<char> multi) => PcscStrings.SplitUtf16(multi);

    public static uint Connect(nint context, string readerName, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol)
    {
        // a fixed string is NUL-terminated, as the W functions expect
        fixed (char* p = readerName)
        {
            return Code(WindowsPcscNative.SCardConnectW(context, p, shareMode, preferredProtocols, card, activeProtocol));
        }
    }

    public static uint Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol) =>
        Code(WindowsPcscNative.SCardReconnect(card, shareMode, preferredProtocols, initialization, activeProtocol));

    public static uint Disconnect(nint card, uint disposition) => Code(WindowsPcscNative.SCardDisconnect(card, disposition));

    public static uint BeginTransaction(nint card) => Code(WindowsPcscNative.SCardBeginTransaction(card));

    public static uint EndTransaction(nint card, uint disposition) => Code(WindowsPcscNative.SCardEndTransaction(card, disposition));

    public static uint Status(nint card, char* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength) =>
        Code(WindowsPcscNative.SCardStatusW(card, readerNames, readerNamesLength, state, protocol, atr, atrLength));

    // winscard reports an enumeration, not a mask: SCARD_ABSENT 1, SCARD_PRESENT 2 and above when present.
    public static bool IsPresent(uint state) => state >= 2;

    public static uint Transmit(nint card, uint protocol, byte* send, uint sendLength, byte* receive, uint* receiveLength)
    {
        var pci = new WindowsScardIoRequest { Protocol = protocol, PciLength = (uint)sizeof(WindowsScardIoRequest) };
        return Code(WindowsPcscNative.SCardTransmit(card, &pci, send, sendLength, null, receive, receiveLength));
    }

    public static nint AllocReaderName(string readerName) => Marshal.StringToCoTaskMemUni(readerName);

    public static void SetReaderState(WindowsScardReaderState* state, nint readerName, uint currentState)
    {
        state->Reader = readerName;
        state->CurrentState = currentState;
    }

    public static uint GetEventState(WindowsScardReaderState* state) => state->EventState;

    public static ReadOnlySpan<byte> GetAtr(WindowsScardReaderState* state) =>
        new(state->Atr, (int)Math.Min(state->AtrLength, (uint)WindowsScardReaderState.AtrCapacity));

    public static uint GetStatusChange(nint context, uint timeout, WindowsScardReaderState* states, uint count) =>
        Code(WindowsPcscNative.SCardGetStatusChangeW(context, timeout, states, count));

    private static uint Code(int rc) => unchecked((uint)rc);
}
