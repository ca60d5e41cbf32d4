using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// The CRLs (RFC 5280) a verifier was given, parsed once: for a card certificate, finds the newest
/// CRL its issuer signed and says whether the certificate is on it. .NET's chain builder cannot be
/// handed CRLs offline on every platform, so this checks them with BouncyCastle.
/// </summary>
internal sealed class CertificateRevocationLists
{
    private readonly List<X509Crl> _crls = [];

    // Which CRL an issuer signed is decided once per issuer: parsing the issuer with BouncyCastle and
    // checking CRL signatures cost a third of a verification and nearly all of its allocations.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, X509Crl?> _newestByIssuer = new(StringComparer.Ordinal);

    public CertificateRevocationLists(IEnumerable<ReadOnlyMemory<byte>> encoded)
    {
        var parser = new X509CrlParser();
        foreach (var der in encoded)
        {
            X509Crl? crl;
            try
            {
                crl = parser.ReadCrl(der.ToArray());
            }
            catch (Exception ex) when (ex is Org.BouncyCastle.Security.Certificates.CrlException or IOException or ArgumentException or InvalidCastException)
            {
                throw new ArgumentException("A configured CRL is not a DER-encoded X.509 CRL: " + ex.Message, nameof(encoded), ex);
            }

            _crls.Add(crl ?? throw new ArgumentException("A configured CRL is empty.", nameof(encoded)));
        }
    }

    public int Count => _crls.Count;

    /// <summary>Checks a leaf against the CRLs of its issuer; <see langword="null"/> when it is current and not revoked.</summary>
    /// <param name="leaf">The card certificate.</param>
    /// <param name="issuer">The DER certificate of the CA that signed the leaf, as the validated chain found it.</param>
    /// <param name="now">The verifier's clock.</param>
    /// <param name="staleGrace">How long after nextUpdate a CRL still counts.</param>
    public (LoginRefusalReason Reason, string Message)? Check(X509Certificate2 leaf, byte[] issuer, DateTimeOffset now, TimeSpan staleGrace)
    {
        var newest = _newestByIssuer.GetOrAdd(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(issuer)), _ => NewestSignedBy(issuer));
        if (newest is null)
        {
            return (LoginRefusalReason.RevocationUnknown, "no CRL signed by the issuing CA '" + leaf.Issuer + "' was supplied, so revocation cannot be checked");
        }

        var critical = newest.GetCriticalExtensionOids();
        if (critical is { Count: > 0 })
        {
            // Such as an issuing distribution point that narrows the CRL's scope: not understood, not trusted.
            return (LoginRefusalReason.RevocationUnknown, "the issuing CA's CRL carries a critical extension this verifier does not process");
        }

        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(newest.ThisUpdate, DateTimeKind.Utc));
        if (thisUpdate > now)
        {
            return (LoginRefusalReason.RevocationUnknown, string.Format(CultureInfo.InvariantCulture, "the issuing CA's CRL is dated {0:u}, after the verifier's clock; check the clocks", thisUpdate));
        }

        if (newest.NextUpdate is not { } next || now > new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) + staleGrace)
        {
            return (LoginRefusalReason.RevocationUnknown, newest.NextUpdate is { } n
                ? string.Format(CultureInfo.InvariantCulture, "the issuing CA's CRL is stale (next update was due {0:u}); fetch a current one", new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)))
                : "the issuing CA's CRL has no next update, so its freshness cannot be judged");
        }

        // SerialNumberBytes is the DER INTEGER content, big-endian two's complement, as BouncyCastle reads the CRL entries.
        var entry = newest.GetRevokedCertificate(new BigInteger(leaf.SerialNumberBytes.ToArray()));
        if (entry is not null && new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc)) <= now)
        {
            return (LoginRefusalReason.Revoked, string.Format(CultureInfo.InvariantCulture, "the card's certificate was revoked on {0:u}", new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc))));
        }

        return null;
    }

    /// <summary>The newest CRL whose issuer name is the CA's and whose signature its key verifies; none when the CA cannot be read.</summary>
    private X509Crl? NewestSignedBy(byte[] issuer)
    {
        BcCertificate bcIssuer;
        try
        {
            bcIssuer = new X509CertificateParser().ReadCertificate(issuer);
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.Certificates.CertificateException or IOException or ArgumentException)
        {
            return null;
        }

        var issuerKey = bcIssuer.GetPublicKey();
        X509Crl? newest = null;
        foreach (var crl in _crls)
        {
            if (crl.IssuerDN.Equivalent(bcIssuer.SubjectDN) && SignedBy(crl, issuerKey) && (newest is null || crl.ThisUpdate > newest.ThisUpdate))
            {
                newest = crl;
            }
        }

        return newest;
    }

    private static bool SignedBy(X509Crl crl, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key)
    {
        try
        {
            crl.Verify(key);
            return true;
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CrlException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }
}
