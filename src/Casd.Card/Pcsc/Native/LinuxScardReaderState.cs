using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// pcsc-lite SCARD_READERSTATE: DWORDs are unsigned longs (8 bytes on 64-bit Linux) and the ATR
/// buffer is MAX_ATR_SIZE = 33 bytes, 80 bytes in all on 64-bit Linux.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LinuxScardReaderState
{
    public const int AtrCapacity = 33;

    public nint Reader;
    public nint UserData;
    public nuint CurrentState;
    public nuint EventState;
    public nuint AtrLength;
    public fixed byte Atr[AtrCapacity];
}
