namespace Casd.Card.RemoteAccess;

/// <summary>Why <see cref="LoginAssertionVerifier"/> refused a login; <see cref="None"/> when it accepted it.</summary>
public enum LoginRefusalReason
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>The assertion, its statement or a certificate is not well formed.</summary>
    Malformed = 1,

    /// <summary>The statement is of a format version this verifier does not accept.</summary>
    UnsupportedVersion = 2,

    /// <summary>The statement names another audience: the assertion was made for (or relayed from) another server.</summary>
    WrongAudience = 3,

    /// <summary>The challenge was never issued by these servers.</summary>
    UnknownChallenge = 4,

    /// <summary>The challenge expired before the assertion arrived.</summary>
    ExpiredChallenge = 5,

    /// <summary>The challenge was already used: a replay.</summary>
    ReplayedChallenge = 6,

    /// <summary>The certificate chain does not lead to a trust anchor, or is not valid at the verifier's time.</summary>
    UntrustedCertificate = 7,

    /// <summary>The card certificate is not a card signing certificate: no P-256 key, no digitalSignature key usage, or a CA.</summary>
    UnsuitableCertificate = 8,

    /// <summary>The certificate names another card or project than the statement.</summary>
    CertificateMismatch = 9,

    /// <summary>The card's certificate is revoked.</summary>
    Revoked = 10,

    /// <summary>Revocation could not be checked: no CRL from the issuing CA, or a stale or invalid one.</summary>
    RevocationUnknown = 11,

    /// <summary>The signature does not verify with the card certificate's key.</summary>
    BadSignature = 12,

    /// <summary>The card is enrolled for another project than this server's.</summary>
    WrongProject = 13,

    /// <summary>The project requires another enrolment kind (a health-data project accepts only health-data enrolments).</summary>
    WrongEnrolmentKind = 14,

    /// <summary>The full enrolment the card relies on is older than 4 years (or dated in the future).</summary>
    EnrolmentExpired = 15,

    /// <summary>The comparison was not made on the card.</summary>
    NotMatchedOnCard = 16,

    /// <summary>The signature counter is not above the last one seen for this card: a cloned card, or a replay from another audience.</summary>
    PossibleClone = 17,
}
