using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// The PCSC.framework entry points (macOS) in the neutral shape: LONG, DWORD, SCARDCONTEXT and
/// SCARDHANDLE are all 4 bytes, so handles are narrowed to <see cref="int"/> on the way in and
/// sign-extended on the way out; structures are packed; strings are UTF-8.
/// </summary>
internal readonly unsafe struct MacPcscCalls : IPcscNativeCalls<byte, MacScardReaderState>
{
    private const uint ScopeUser = 0;

    public static string Description => "PCSC.framework";

    public static uint RawProtocol => 4;

    public static uint EstablishContext(nint* context)
    {
        int handle = 0;
        var rc = Code(MacPcscNative.SCardEstablishContext(ScopeUser, null, null, &handle));
        *context = handle;
        return rc;
    }

    public static uint ReleaseContext(nint context) => Code(MacPcscNative.SCardReleaseContext((int)context));

    public static uint Cancel(nint context) => Code(MacPcscNative.SCardCancel((int)context));

    public static uint ListReaders(nint context, byte* readers, uint* length) =>
        Code(MacPcscNative.SCardListReaders((int)context, null, readers, length));

    public static IReadOnlyList<string> SplitNames(ReadOnlySpan<byte> multi) => PcscStrings.SplitUtf8(multi);

    public static uint Connect(nint context, string readerName, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol)
    {
        var name = PcscStrings.ToUtf8Z(readerName);
        int handle = 0;
        uint rc;
        fixed (byte* p = name)
        {
            rc = Code(MacPcscNative.SCardConnect((int)context, p, shareMode, preferredProtocols, &handle, activeProtocol));
        }

        *card = handle;
        return rc;
    }

    public static uint Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol) =>
        Code(MacPcscNative.SCardReconnect((int)card, shareMode, preferredProtocols, initialization, activeProtocol));

    public static uint Disconnect(nint card, uint disposition) => Code(MacPcscNative.SCardDisconnect((int)card, disposition));

    public static uint BeginTransaction(nint card) => Code(MacPcscNative.SCardBeginTransaction((int)card));

    public static uint EndTransaction(nint card, uint disposition) => Code(MacPcscNative.SCardEndTransaction((int)card, disposition));

    public static uint Status(nint card, byte* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength) =>
        Code(MacPcscNative.SCardStatus((int)card, readerNames, readerNamesLength, state, protocol, atr, atrLength));

    // PCSC.framework reports the same bit mask as pcsc-lite, from which it derives.
    public static bool IsPresent(uint state) => LinuxPcscCalls.IsPresent(state);

    public static uint Transmit(nint card, uint protocol, byte* send, uint sendLength, byte* receive, uint* receiveLength)
    {
        var pci = new MacScardIoRequest { Protocol = protocol, PciLength = (uint)sizeof(MacScardIoRequest) };
        return Code(MacPcscNative.SCardTransmit((int)card, &pci, send, sendLength, null, receive, receiveLength));
    }

    public static nint AllocReaderName(string readerName) => Marshal.StringToCoTaskMemUTF8(readerName);

    public static void SetReaderState(MacScardReaderState* state, nint readerName, uint currentState)
    {
        state->Reader = readerName;
        state->CurrentState = currentState;
    }

    public static uint GetEventState(MacScardReaderState* state) => state->EventState;

    public static ReadOnlySpan<byte> GetAtr(MacScardReaderState* state) =>
        new(state->Atr, (int)Math.Min(state->AtrLength, (uint)MacScardReaderState.AtrCapacity));

    public static uint GetStatusChange(nint context, uint timeout, MacScardReaderState* states, uint count) =>
        Code(MacPcscNative.SCardGetStatusChange((int)context, timeout, states, count));

    private static uint Code(int rc) => unchecked((uint)rc);
}
