using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>
/// PCSC.framework SCARD_READERSTATE: 4-byte DWORDs, a 33-byte ATR buffer and #pragma pack(1),
/// so 61 bytes on 64-bit macOS with no padding anywhere.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct MacScardReaderState
{
    public const int AtrCapacity = 33;

    public nint Reader;
    public nint UserData;
    public uint CurrentState;
    public uint EventState;
    public uint AtrLength;
    public fixed byte Atr[AtrCapacity];
}
