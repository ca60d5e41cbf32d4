namespace Casd.Card.Interface;

/// <summary>The key references of the two fingerprint references (as in PIV on-card comparison).</summary>
public enum FingerReference
{
    /// <summary>'96': the primary finger.</summary>
    Primary = 0x96,

    /// <summary>'97': the secondary finger.</summary>
    Secondary = 0x97,
}
