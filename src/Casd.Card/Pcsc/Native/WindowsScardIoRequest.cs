using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>winscard.dll SCARD_IO_REQUEST: two 4-byte DWORDs, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowsScardIoRequest
{
    public uint Protocol;
    public uint PciLength;
}
