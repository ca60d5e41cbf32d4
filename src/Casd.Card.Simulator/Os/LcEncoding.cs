namespace Casd.Card.Simulator.Os;

/// <summary>
/// How the Lc field of a command arrived (ISO/IEC 7816-4, 5.1): the C-MAC of a protected command
/// covers CLA INS P1 P2 and Lc exactly as transmitted (GlobalPlatform Amendment D, 6.2.4).
/// </summary>
public enum LcEncoding
{
    /// <summary>One byte, or no Lc at all; also a chain the card reassembled whose whole data field fits 255 bytes.</summary>
    ShortForm = 1,

    /// <summary>'00' followed by two bytes; also a chain the card reassembled whose whole data field exceeds 255 bytes.</summary>
    ExtendedForm = 3,
}
