using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.SecureChannel;

/// <summary>
/// A throw-away CASD issuing CA for development and tests: it issues cards' SCP11b key agreement
/// certificates (P-256, key usage keyAgreement, subject SERIALNUMBER = card serial). Not for
/// production: the CA key lives in process memory. (The enrolment desk's card signing
/// certificates come from <c>Casd.Card.Enrolment.DevelopmentCertificateAuthority</c>.)
/// </summary>
public sealed class DevelopmentScp11bAuthority : IDisposable
{
    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    private DevelopmentScp11bAuthority(ECDsa key, X509Certificate2 certificate, TimeProvider time)
    {
        _key = key;
        Certificate = certificate;
        _time = time;
    }

    /// <summary>Gets the CA certificate (public part): the trust anchor to configure in <see cref="Scp11bOptions.TrustAnchors"/>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new CA valid for ten years from now.</summary>
    /// <param name="name">The CA's distinguished name.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The CA; dispose it to drop its key.</returns>
    public static DevelopmentScp11bAuthority Create(string name = "CN=CASD Development Issuing CA", TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        using (certificate)
        {
            return new DevelopmentScp11bAuthority(key, X509CertificateLoader.LoadCertificate(certificate.RawData), time);
        }
    }

    /// <summary>Generates a card's SCP11b key pair and issues its certificate.</summary>
    /// <param name="cardSerial">The card serial number as hexadecimal (16 digits on a CASD card).</param>
    /// <param name="notBefore">Start of validity; now minus a day when <see langword="null"/>.</param>
    /// <param name="notAfter">End of validity; four years from now when <see langword="null"/>.</param>
    /// <returns>The card's private key and certificate; dispose to zero the key.</returns>
    public Scp11bCardCredentials IssueCardCredentials(string cardSerial, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardSerial);
        using var cardKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("CASD card SCP11b");
        subject.Add("2.5.4.5", cardSerial.ToUpperInvariant(), System.Formats.Asn1.UniversalTagNumber.PrintableString);
        var request = new CertificateRequest(subject.Build(), new PublicKey(cardKey), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyAgreement, true));
        var now = _time.GetUtcNow();
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(4), serial);
        return new Scp11bCardCredentials(cardKey.ExportPkcs8PrivateKey(), certificate.RawData);
    }

    /// <summary>Drops the CA key.</summary>
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "Development SCP11b CA {0}", Certificate.Subject);
}
