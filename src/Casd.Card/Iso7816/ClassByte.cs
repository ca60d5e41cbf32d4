namespace Casd.Card.Iso7816;

/// <summary>
/// Reads and builds class bytes (CLA) per ISO/IEC 7816-4, 5.4.1: logical channels 0–3 in the
/// first interindustry class, 4–19 in the further interindustry class, the command-chaining bit
/// and the secure-messaging indication. Proprietary classes (b8 set, as GlobalPlatform's '80'/'84')
/// use the same bit positions.
/// </summary>
public static class ClassByte
{
    /// <summary>The command-chaining bit (b5): more blocks of this command follow.</summary>
    public const byte ChainingBit = 0x10;

    /// <summary>The highest logical channel number a class byte can carry.</summary>
    public const int MaxLogicalChannel = 19;

    private const byte FurtherInterindustryBit = 0x40;

    /// <summary>Gets whether the class byte is valid at all ('FF' is reserved for PPS).</summary>
    /// <param name="cla">The class byte.</param>
    /// <returns><see langword="true"/> unless the byte is 'FF'.</returns>
    public static bool IsValid(byte cla) => cla != 0xFF;

    /// <summary>Gets whether the class byte is proprietary (b8 set).</summary>
    /// <param name="cla">The class byte.</param>
    /// <returns><see langword="true"/> for classes '80' to 'FE'.</returns>
    public static bool IsProprietary(byte cla) => (cla & 0x80) != 0;

    /// <summary>Gets the logical channel number (0–19) the class byte addresses.</summary>
    /// <param name="cla">The class byte.</param>
    /// <returns>The channel number.</returns>
    public static int GetLogicalChannel(byte cla) =>
        (cla & FurtherInterindustryBit) == 0 ? cla & 0x03 : (cla & 0x0F) + 4;

    /// <summary>Gets whether the command-chaining bit is set.</summary>
    /// <param name="cla">The class byte.</param>
    /// <returns><see langword="true"/> when more blocks follow.</returns>
    public static bool IsChaining(byte cla) => (cla & ChainingBit) != 0;

    /// <summary>Gets the secure-messaging indication of the class byte.</summary>
    /// <param name="cla">The class byte.</param>
    /// <returns>The indication.</returns>
    public static SecureMessagingIndication GetSecureMessaging(byte cla)
    {
        if ((cla & FurtherInterindustryBit) != 0)
        {
            return (cla & 0x20) != 0 ? SecureMessagingIndication.HeaderNotAuthenticated : SecureMessagingIndication.None;
        }

        return (SecureMessagingIndication)((cla >> 2) & 0x03);
    }

    /// <summary>Returns the class byte with its chaining bit set or cleared.</summary>
    /// <param name="cla">The class byte.</param>
    /// <param name="chaining">Whether more blocks follow.</param>
    /// <returns>The new class byte.</returns>
    public static byte WithChaining(byte cla, bool chaining) =>
        chaining ? (byte)(cla | ChainingBit) : (byte)(cla & ~ChainingBit);

    /// <summary>
    /// Returns a class byte of the same category (interindustry or proprietary) and the same
    /// chaining bit, addressing <paramref name="channel"/>. Channels 4–19 use the further
    /// interindustry coding, which has a single secure-messaging bit: any secure-messaging
    /// indication other than none becomes "header not authenticated".
    /// </summary>
    /// <param name="cla">The class byte to start from.</param>
    /// <param name="channel">The logical channel, 0 to 19.</param>
    /// <returns>The new class byte.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The channel is outside 0–19.</exception>
    public static byte WithLogicalChannel(byte cla, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, MaxLogicalChannel);
        var proprietary = (byte)(cla & 0x80);
        var chaining = (byte)(cla & ChainingBit);
        var sm = GetSecureMessaging(cla);
        if (channel < 4)
        {
            return (byte)(proprietary | chaining | ((int)sm << 2) | channel);
        }

        var smBit = sm == SecureMessagingIndication.None ? 0 : 0x20;
        return (byte)(proprietary | FurtherInterindustryBit | smBit | chaining | (channel - 4));
    }
}
