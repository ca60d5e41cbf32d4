using System.Runtime.InteropServices;

namespace Casd.Card.Pcsc.Native;

/// <summary>pcsc-lite SCARD_IO_REQUEST: two unsigned longs, 16 bytes on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinuxScardIoRequest
{
    public nuint Protocol;
    public nuint PciLength;
}
