using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Enrolment;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// The server side of a CASD login: checks that an assertion answers this server's challenge,
/// that its signature verifies with the card certificate's key, that the certificate chains to a
/// configured trust anchor and is valid now (the enrolment's validity is the certificate's), and
/// that it certifies the expected project.
/// </summary>
public sealed class LoginAssertionVerifier
{
    private readonly X509Certificate2Collection _anchors;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes the verifier.</summary>
    /// <param name="trustAnchors">The CA certificates that issue card certificates.</param>
    /// <param name="timeProvider">The clock for validity checks; the system clock when <see langword="null"/>.</param>
    public LoginAssertionVerifier(IEnumerable<X509Certificate2> trustAnchors, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        _anchors = [.. trustAnchors];
        if (_anchors.Count == 0)
        {
            throw new ArgumentException("At least one trust anchor is needed to verify logins.", nameof(trustAnchors));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies an assertion.</summary>
    /// <param name="assertion">What the client sent.</param>
    /// <param name="expectedChallenge">The challenge this server issued for this login.</param>
    /// <param name="expectedProjectId">The project the login is for.</param>
    /// <returns>Accepted, or refused with the reason.</returns>
    public LoginVerificationResult Verify(LoginAssertion assertion, ReadOnlySpan<byte> expectedChallenge, string expectedProjectId)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedProjectId);
        if (!CryptographicOperations.FixedTimeEquals(assertion.Challenge.Span, expectedChallenge))
        {
            return Refused(null, null, "the assertion answers another challenge (replay or mix-up)");
        }

        if (assertion.CertificateChain.Count == 0)
        {
            return Refused(null, null, "the assertion carries no certificate");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var der in assertion.CertificateChain)
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der.Span));
                }
                catch (CryptographicException)
                {
                    return Refused(null, null, "a certificate in the chain is malformed");
                }
            }

            var leaf = certificates[0];
            var serial = CardCertificateNames.GetCardSerial(leaf);
            var project = CardCertificateNames.GetProjectId(leaf);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
            chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            bool built;
            try
            {
                built = chain.Build(leaf);
            }
            catch (CryptographicException)
            {
                // OpenSSL gives up on some corrupted certificates with an exception instead of a chain status.
                return Refused(serial, project, "a certificate in the chain is malformed");
            }

            if (!built)
            {
                var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
                return Refused(serial, project, "the card certificate is not valid now or not issued by a trusted CA (" + status + ")");
            }

            if (!string.Equals(project, expectedProjectId, StringComparison.Ordinal))
            {
                return Refused(serial, project, $"the card is certified for project '{project}', not '{expectedProjectId}'");
            }

            try
            {
                using var key = leaf.GetECDsaPublicKey();
                if (key is null || key.KeySize != 256)
                {
                    return Refused(serial, project, "the card certificate does not hold a P-256 key");
                }

                if (!key.VerifyData(assertion.Challenge.Span, assertion.Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                {
                    return Refused(serial, project, "the signature does not verify with the card certificate's key");
                }
            }
            catch (CryptographicException)
            {
                return Refused(serial, project, "the card certificate's key or the signature is malformed");
            }

            return new LoginVerificationResult(true, serial, project, "valid");
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static LoginVerificationResult Refused(string? serial, string? project, string reason) => new(false, serial, project, reason);
}
