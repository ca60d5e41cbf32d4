namespace Casd.Card.Biometrics;

/// <summary>
/// The false-match rate an on-card comparison is tuned for. The issuer sets it at enrolment;
/// the card announces it in the Biometric Information Template and picks its decision threshold from it.
/// </summary>
public enum MatchSecurityLevel
{
    /// <summary>At most one false match in 1,000 impostor comparisons.</summary>
    FalseMatchRate1In1000 = 3,

    /// <summary>At most one false match in 10,000 impostor comparisons (the default).</summary>
    FalseMatchRate1In10000 = 4,

    /// <summary>At most one false match in 100,000 impostor comparisons.</summary>
    FalseMatchRate1In100000 = 5,
}
