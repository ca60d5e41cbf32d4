using System.Globalization;
using Casd.Card.Iso7816;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Casd.Card.SecureChannel;

/// <summary>
/// Judges the card's SCP11b certificate store (GET DATA 'BF21') with BouncyCastle: a chain to a
/// configured trust anchor, every certificate within its dates at the configured time, a P-256
/// key-agreement leaf, and, when asked, the expected card serial number. The store lists the chain
/// in order with the card's own certificate (CERT.SD.ECKA) last, as GlobalPlatform hosts read it
/// (Amendment F, certificate store); any certificates before it are CAs it may chain through.
/// </summary>
internal static class CardCertificateValidator
{
    private const int MaxChainLength = 4;

    /// <summary>Validates the store and returns the card's static public key.</summary>
    public static ECPublicKeyParameters Validate(ReadOnlySpan<byte> store, Scp11bOptions options)
    {
        var certificates = Parse(store);
        try
        {
            return Validate(certificates, options);
        }
        catch (Exception exception) when (IsMalformedCertificate(exception))
        {
            // BouncyCastle decodes extensions, keys and signatures lazily: a certificate that parsed
            // can still fail on first use, and that must reach the caller as a refusal, not an IOException.
            throw new CardCertificateValidationException("The card's certificate store holds a malformed certificate.", exception);
        }
    }

    private static ECPublicKeyParameters Validate(List<X509Certificate> certificates, Scp11bOptions options)
    {
        var anchors = options.TrustAnchors.Select(a => new X509CertificateParser().ReadCertificate(a.RawData)).ToList();
        var now = options.TimeProvider.GetUtcNow().UtcDateTime;
        var leaf = certificates[^1];
        var issuers = certificates.Take(certificates.Count - 1).ToList();
        var current = leaf;
        for (var depth = 0; ; depth++)
        {
            if (!current.IsValid(now))
            {
                throw new CardCertificateValidationException(string.Format(CultureInfo.InvariantCulture, "The certificate '{0}' is not valid on {1:u} (valid {2:u} to {3:u}).", current.SubjectDN, now, current.NotBefore, current.NotAfter));
            }

            var anchor = anchors.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN) && Verifies(current, a));
            if (anchor is not null)
            {
                if (!anchor.IsValid(now))
                {
                    throw new CardCertificateValidationException($"The trust anchor '{anchor.SubjectDN}' is outside its validity dates.");
                }

                break;
            }

            var issuer = issuers.FirstOrDefault(c => c.SubjectDN.Equivalent(current.IssuerDN) && c.GetBasicConstraints() >= 0 && Verifies(current, c));
            if (issuer is null || depth >= MaxChainLength)
            {
                throw new CardCertificateValidationException($"The card's certificate does not chain to a configured trust anchor (issuer '{current.IssuerDN}').");
            }

            current = issuer;
        }

        var usage = leaf.GetKeyUsage();
        if (usage is not null && !usage[4])
        {
            throw new CardCertificateValidationException("The card's certificate is not for key agreement (key usage lacks keyAgreement).");
        }

        if (leaf.GetPublicKey() is not ECPublicKeyParameters key || !key.Parameters.Curve.Equals(CustomNamedCurves.GetByName("P-256").Curve))
        {
            throw new CardCertificateValidationException("The card's certificate does not carry a P-256 public key.");
        }

        if (options.ExpectedCardSerial is { } expected)
        {
            var names = leaf.SubjectDN.GetValueList(X509Name.SerialNumber);
            if (!names.Any(n => string.Equals(n, expected, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CardCertificateValidationException($"The card's certificate is for another card (expected serial {expected}).");
            }
        }

        return key;
    }

    /// <summary>Parses the store into its certificates, in store order (the card's own last).</summary>
    /// <param name="store">The 'BF21' object as GET DATA returns it.</param>
    /// <returns>The certificates; at least one.</returns>
    /// <exception cref="CardCertificateValidationException">The store is malformed or empty.</exception>
    internal static List<X509Certificate> Parse(ReadOnlySpan<byte> store)
    {
        var certificates = new List<X509Certificate>();
        try
        {
            var outer = new BerTlvReader(store).ReadValue(0xBF21);
            var reader = new BerTlvReader(outer);
            while (reader.HasData)
            {
                var element = reader.Read();
                certificates.Add(new X509CertificateParser().ReadCertificate(element.Encoded.ToArray())
                    ?? throw new CardCertificateValidationException("The card's certificate store holds an empty certificate."));
            }
        }
        catch (CardDataFormatException exception)
        {
            throw new CardCertificateValidationException("The card's certificate store (BF21) is malformed.", exception);
        }
        catch (Exception exception) when (IsMalformedCertificate(exception))
        {
            throw new CardCertificateValidationException("The card's certificate store holds a malformed certificate.", exception);
        }

        if (certificates.Count == 0)
        {
            throw new CardCertificateValidationException("The card's certificate store is empty.");
        }

        return certificates;
    }

    private static bool Verifies(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception exception) when (exception is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException || IsMalformedCertificate(exception))
        {
            // A signature that does not even decode (a bit string that is not octet-aligned, say) does not verify.
            return false;
        }
    }

    private static bool IsMalformedCertificate(Exception exception) =>
        exception is CertificateException or ArgumentException or InvalidCastException or IOException or InvalidOperationException or FormatException;
}
