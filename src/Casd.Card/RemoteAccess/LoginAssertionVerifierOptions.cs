using System.Security.Cryptography.X509Certificates;
using Casd.Card.Interface;

namespace Casd.Card.RemoteAccess;

/// <summary>How a remote-access server verifies logins (<see cref="LoginAssertionVerifier"/>).</summary>
public sealed record LoginAssertionVerifierOptions
{
    /// <summary>Gets this server's identifier, for example its URL: the card signs its SHA-256 and an assertion for another audience is refused.</summary>
    public required string Audience { get; init; }

    /// <summary>Gets the CA certificates that issue card certificates.</summary>
    public required IReadOnlyList<X509Certificate2> TrustAnchors { get; init; }

    /// <summary>Gets the project this server serves; any project when <see langword="null"/> (the certificate and the statement must still agree).</summary>
    public string? ProjectCode { get; init; }

    /// <summary>Gets the enrolment kind the project requires (a health-data project requires <see cref="EnrolmentKind.Health"/>); any when <see langword="null"/>.</summary>
    public EnrolmentKind? RequiredKind { get; init; }

    /// <summary>Gets whether revocation is checked; <see cref="RevocationMode.Required"/> by default.</summary>
    public RevocationMode Revocation { get; init; } = RevocationMode.Required;

    /// <summary>Gets the CRLs (DER, RFC 5280) the issuing CAs published, supplied offline.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateRevocationLists { get; init; } = [];

    /// <summary>
    /// Gets how long after its nextUpdate a CRL is still accepted; zero by default: a stale CRL
    /// means revocation is unknown and the login is refused (fail closed). A grace period trades a
    /// window in which a newly revoked card still logs in for availability when the CA is late.
    /// </summary>
    public TimeSpan StaleCrlGrace { get; init; } = TimeSpan.Zero;

    /// <summary>Gets how long an issued challenge is accepted; 2 minutes by default (a login takes seconds).</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the length of issued challenges, 16 to 64 bytes; 32 by default.</summary>
    public int ChallengeLength { get; init; } = 32;

    /// <summary>Gets the time zone of enrolment dates (the centre's); UTC when <see langword="null"/>.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
}
