using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// winscard.dll SCARD_READERSTATEW: 4-byte DWORDs and a 36-byte ATR buffer, 64 bytes on 64-bit Windows.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WindowsScardReaderState
{
    public const int AtrCapacity = 36;

    public nint Reader;
    public nint UserData;
    public uint CurrentState;
    public uint EventState;
    public uint AtrLength;
    public fixed byte Atr[AtrCapacity];
}
