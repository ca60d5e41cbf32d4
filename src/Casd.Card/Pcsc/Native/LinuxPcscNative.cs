using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// pcsc-lite entry points. SCARDCONTEXT, SCARDHANDLE and LONG are C longs and DWORD an unsigned
/// long: pointer-sized on Linux (8 bytes on 64-bit), hence <see cref="nint"/> and <see cref="nuint"/>.
/// Strings are UTF-8.
/// </summary>
internal static unsafe partial class LinuxPcscNative
{
    public const string Library = "libpcsclite.so.1";

    [LibraryImport(Library)]
    public static partial nint SCardEstablishContext(nuint scope, void* reserved1, void* reserved2, nint* context);

    [LibraryImport(Library)]
    public static partial nint SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial nint SCardCancel(nint context);

    [LibraryImport(Library)]
    public static partial nint SCardListReaders(nint context, byte* groups, byte* readers, nuint* readersLength);

    [LibraryImport(Library)]
    public static partial nint SCardConnect(nint context, byte* reader, nuint shareMode, nuint preferredProtocols, nint* card, nuint* activeProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardReconnect(nint card, nuint shareMode, nuint preferredProtocols, nuint initialization, nuint* activeProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    public static partial nint SCardBeginTransaction(nint card);

    [LibraryImport(Library)]
    public static partial nint SCardEndTransaction(nint card, nuint disposition);

    [LibraryImport(Library)]
    public static partial nint SCardStatus(nint card, byte* readerName, nuint* readerNameLength, nuint* state, nuint* protocol, byte* atr, nuint* atrLength);

    [LibraryImport(Library)]
    public static partial nint SCardTransmit(nint card, LinuxScardIoRequest* sendPci, byte* send, nuint sendLength, LinuxScardIoRequest* receivePci, byte* receive, nuint* receiveLength);

    [LibraryImport(Library)]
    public static partial nint SCardGetStatusChange(nint context, nuint timeout, LinuxScardReaderState* states, nuint count);
}
