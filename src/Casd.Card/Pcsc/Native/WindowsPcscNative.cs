using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// winscard.dll entry points (the W variants for strings). LONG and DWORD are 4 bytes,
/// SCARDCONTEXT and SCARDHANDLE are ULONG_PTR (pointer-sized). Strings are UTF-16.
/// </summary>
internal static unsafe partial class WindowsPcscNative
{
    public const string Library = "winscard.dll";

    [LibraryImport(Library)]
    public static partial int SCardEstablishContext(uint scope, void* reserved1, void* reserved2, nint* context);

    [LibraryImport(Library)]
    public static partial int SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial int SCardCancel(nint context);

    [LibraryImport(Library)]
    public static partial int SCardListReadersW(nint context, char* groups, char* readers, uint* readersLength);

    [LibraryImport(Library)]
    public static partial int SCardConnectW(nint context, char* reader, uint shareMode, uint preferredProtocols, nint* card, uint* activeProtocol);

    [LibraryImport(Library)]
    public static partial int SCardReconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, uint* activeProtocol);

    [LibraryImport(Library)]
    public static partial int SCardDisconnect(nint card, uint disposition);

    [LibraryImport(Library)]
    public static partial int SCardBeginTransaction(nint card);

    [LibraryImport(Library)]
    public static partial int SCardEndTransaction(nint card, uint disposition);

    [LibraryImport(Library)]
    public static partial int SCardStatusW(nint card, char* readerNames, uint* readerNamesLength, uint* state, uint* protocol, byte* atr, uint* atrLength);

    [LibraryImport(Library)]
    public static partial int SCardTransmit(nint card, WindowsScardIoRequest* sendPci, byte* send, uint sendLength, WindowsScardIoRequest* receivePci, byte* receive, uint* receiveLength);

    [LibraryImport(Library)]
    public static partial int SCardGetStatusChangeW(nint context, uint timeout, WindowsScardReaderState* states, uint count);
}
