using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>PCSC.framework SCARD_IO_REQUEST: two 4-byte DWORDs, packed, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct MacScardIoRequest
{
    public uint Protocol;
    public uint PciLength;
}
