namespace Casd.Card.Interface;

/// <summary>The state of one finger reference inside the biometric status ('A0' inside 'BF23').</summary>
/// <param name="Reference">The key reference (tag '83').</param>
/// <param name="IsEnrolled">Whether a reference template is stored (tag '80').</param>
/// <param name="RetriesLeft">Wrong VERIFY attempts left before blocking (tag '81').</param>
/// <param name="MaxRetries">The retry limit a reset restores (tag '82').</param>
/// <param name="IsBlocked">Whether the reference is blocked (tag '84').</param>
public sealed record FingerStatus(FingerReference Reference, bool IsEnrolled, int RetriesLeft, int MaxRetries, bool IsBlocked);
