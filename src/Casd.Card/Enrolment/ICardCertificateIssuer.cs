using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.Enrolment;

/// <summary>
/// The desk's certificate authority: certifies the key pair a card generated, binding it to the
/// card serial, the project and the enrolment's validity; revokes the certificates of a lost card
/// or of a holder who left the project, and publishes the CRL (RFC 5280) the remote-access
/// servers check. The desk plugs in its production CA; <see cref="DevelopmentCertificateAuthority"/>
/// serves the simulator and tests.
/// </summary>
public interface ICardCertificateIssuer
{
    /// <summary>Gets the CA certificates a verifier trusts for this issuer's card certificates (the roots).</summary>
    IReadOnlyList<X509Certificate2> TrustAnchors { get; }

    /// <summary>Issues the card's certificate.</summary>
    /// <param name="request">What to certify.</param>
    /// <param name="cancellationToken">Cancels the request to the CA.</param>
    /// <returns>The certificate (public part only) followed by any intermediate certificates up to, but excluding, the trust anchor.</returns>
    Task<IReadOnlyList<X509Certificate2>> IssueAsync(CardCertificateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Revokes every certificate this CA issued for a card.</summary>
    /// <param name="cardSerial">The card serial, hexadecimal.</param>
    /// <param name="reason">The RFC 5280 reason: <see cref="X509RevocationReason.KeyCompromise"/> for a lost or stolen card, <see cref="X509RevocationReason.AffiliationChanged"/> for a holder who left the project.</param>
    /// <param name="cancellationToken">Cancels the request to the CA.</param>
    /// <returns>The number of certificates revoked now (0 when the card has none, or all were revoked before).</returns>
    Task<int> RevokeCardAsync(string cardSerial, X509RevocationReason reason, CancellationToken cancellationToken = default);

    /// <summary>Publishes the CA's current CRL.</summary>
    /// <param name="cancellationToken">Cancels the request to the CA.</param>
    /// <returns>The DER-encoded CRL, signed by the CA, with a nextUpdate the servers judge freshness by.</returns>
    Task<byte[]> PublishCrlAsync(CancellationToken cancellationToken = default);
}
