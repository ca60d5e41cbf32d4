namespace Casd.Card.SecureChannel;

/// <summary>
/// The size of challenges, cryptograms and MACs of a GlobalPlatform secure channel (SCP03,
/// Amendment D v1.2, 4.1.5 and 6.2; the same secure messaging after an SCP11 key agreement).
/// </summary>
public enum ScpMode
{
    /// <summary>S8: 8-byte challenges and cryptograms, C-MAC and R-MAC truncated to 8 bytes (the legacy mode, the default).</summary>
    S8 = 8,

    /// <summary>S16: 16-byte challenges and cryptograms, the full 16-byte C-MAC and R-MAC (SCP03 'i' bit '01').</summary>
    S16 = 16,
}
