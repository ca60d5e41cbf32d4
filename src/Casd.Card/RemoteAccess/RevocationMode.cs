namespace Casd.Card.RemoteAccess;

/// <summary>Whether <see cref="LoginAssertionVerifier"/> checks card certificates against CRLs.</summary>
public enum RevocationMode
{
    /// <summary>Every card certificate must be covered by a current CRL from its issuing CA (RFC 5280); otherwise the login is refused.</summary>
    Required = 0,

    /// <summary>No revocation check: lost cards log in until their certificate expires. For tests and closed labs only.</summary>
    Off = 1,
}
