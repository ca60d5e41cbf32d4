using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// PCSC.framework entry points. macOS keeps 4-byte LONG, DWORD, SCARDCONTEXT and SCARDHANDLE
/// (int32_t/uint32_t) even on 64-bit, and packs its structures. Strings are UTF-8.
/// </summary>
internal static unsafe partial class MacPcscNative
{
    public const string Library = "/System/Library/Frameworks/PCSC.framework/PCSC";

    [LibraryImport(Library)]
    public static partial int SCardEstablishContext(uint scope, void* reserved1, void* reserved2, int* context);

    [LibraryImport(Library)]
    public static partial int SCardReleaseContext(int context);

    [LibraryImport(Library)]
    public static partial int SCardCancel(int context);

    [LibraryImport(Library)]
    public static partial int SCardListReaders(int context, byte* groups, byte* readers, uint* readersLength);

    [LibraryImport(Library)]
    public static partial int SCardConnect(int context, byte* reader, uint shareMode, uint preferredProtocols, int* card, uint* activeProtocol);

    [LibraryImport(Library)]
    public static partial int SCardReconnect(int card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol);

    [LibraryImport(Library)]
    public static partial int SCardDisconnect(int card, uint disposition);

    [LibraryImport(Library)]
    public static partial int SCardBeginTransaction(int card);

    [LibraryImport(Library)]
    public static partial int SCardEndTransaction(int card, uint disposition);

    [LibraryImport(Library)]
    public static partial int SCardStatus(int card, byte* readerName, uint* readerNameLength, uint* state, uint* protocol, byte* atr, uint* atrLength);

    [LibraryImport(Library)]
    public static partial int SCardTransmit(int card, MacScardIoRequest* sendPci, byte* send, uint sendLength, MacScardIoRequest* receivePci, byte* receive, uint* receiveLength);

    [LibraryImport(Library)]
    public static partial int SCardGetStatusChange(int context, uint timeout, MacScardReaderState* states, uint count);
}
