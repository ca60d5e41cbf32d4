namespace Casd.Card.Simulator.SecureChannel;

/// <summary>The SCP03 static keys a simulated card holds (one key set), as written at manufacture, and the mode it answers in.</summary>
/// <param name="KeyVersion">The key version number ('30' for the GlobalPlatform default test keys).</param>
/// <param name="Enc">K-ENC (16, 24 or 32 bytes).</param>
/// <param name="Mac">K-MAC (same length).</param>
/// <param name="Dek">K-DEK (same length).</param>
/// <param name="Mode">S8 (the default, 'i' = '70') or S16 ('i' = '71'): the host challenge must have the mode's length.</param>
public sealed record CardScp03Keys(byte KeyVersion, ReadOnlyMemory<byte> Enc, ReadOnlyMemory<byte> Mac, ReadOnlyMemory<byte> Dek, CardScpMode Mode = CardScpMode.S8)
{
    /// <summary>The key version of the GlobalPlatform default test keys.</summary>
    public const byte TestKeyVersion = 0x30;

    /// <summary>
    /// Gets the GlobalPlatform default test keys: ENC = MAC = DEK = '40 41 … 4F' at key version
    /// '30', S8 mode, which any GlobalPlatform tool tries first.
    /// </summary>
    public static CardScp03Keys GlobalPlatformTestKeys { get; } = new(
        TestKeyVersion,
        Convert.FromHexString("404142434445464748494A4B4C4D4E4F"),
        Convert.FromHexString("404142434445464748494A4B4C4D4E4F"),
        Convert.FromHexString("404142434445464748494A4B4C4D4E4F"));
}
