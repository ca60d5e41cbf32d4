namespace Casd.Card.Pcsc;

/// <summary>The protocol bits of the PC/SC API, normalised (each platform maps its own raw value).</summary>
[Flags]
internal enum PcscProtocols : uint
{
    None = 0,
    T0 = 1,
    T1 = 2,
    Raw = 4,
}
