using System.Security.Cryptography;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Testing;

/// <summary>
/// Genuine login assertions without a card: a card key held here, its certificate from a
/// development CA, and statements signed as the card signs them. For store and verifier tests and
/// the benchmarks, where the card's own cost is not what is measured (the card path is covered by
/// RemoteAccessClientTests and the CLI tests).
/// </summary>
/// <remarks>One source file linked into the projects that need it (no test framework used here).</remarks>
internal sealed class LoginAssertionFactory : IDisposable
{
    private readonly DevelopmentCertificateAuthority _ca;
    private readonly ECDsa _cardKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ReadOnlyMemory<byte>[] _chain;
    private readonly DateOnly _fullEnrolment;

    public LoginAssertionFactory(TimeProvider clock, string serial = "0102030405060708", string project = "P-1")
    {
        Serial = serial;
        Project = project;
        _ca = new DevelopmentCertificateAuthority(clock);
        var now = clock.GetUtcNow();
        var q = _cardKey.ExportParameters(false).Q;
        byte[] point = [0x04, .. q.X!, .. q.Y!];
        var request = new CardCertificateRequest(point, serial, project, now.AddDays(-1), now.AddYears(4));
        _chain = [.. _ca.IssueAsync(request).GetAwaiter().GetResult().Select(c => (ReadOnlyMemory<byte>)c.RawData)];
        Crl = _ca.PublishCrlAsync().GetAwaiter().GetResult();
        _fullEnrolment = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1);
    }

    public string Serial { get; }

    public string Project { get; }

    /// <summary>Gets the CA certificate to trust.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 TrustAnchor => _ca.RootCertificate;

    /// <summary>Gets a current CRL of the CA (nothing revoked).</summary>
    public byte[] Crl { get; }

    /// <summary>Options of a verifier that trusts this CA, with revocation required against <see cref="Crl"/>.</summary>
    public LoginAssertionVerifierOptions VerifierOptions(string audience) => new()
    {
        Audience = audience,
        TrustAnchors = [TrustAnchor],
        ProjectCode = Project,
        CertificateRevocationLists = [Crl],
    };

    /// <summary>The assertion the card would send for this audience, challenge and signature counter.</summary>
    public LoginAssertion Create(string audience, ReadOnlyMemory<byte> challenge, uint counter)
    {
        var statement = new LoginStatement
        {
            Version = LoginStatement.CurrentVersion,
            AudienceHash = LoginStatement.HashAudience(audience),
            Challenge = challenge,
            CardSerial = Serial,
            ProjectCode = Project,
            Kind = EnrolmentKind.Standard,
            FullEnrolmentDate = _fullEnrolment,
            Finger = FingerReference.Primary,
            MatchedOnCard = true,
            IsExpress = false,
            SignatureCounter = counter,
        }.Encode();
        var signature = _cardKey.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new LoginAssertion(statement, signature, _chain);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _cardKey.Dispose();
    }
}
