using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.Enrolment;

/// <summary>
/// The desk's certificate authority: certifies the key pair a card generated, binding it to the
/// card serial, the project and the enrolment's validity. The desk plugs in its production CA;
/// <see cref="DevelopmentCertificateAuthority"/> serves the simulator and tests.
/// </summary>
public interface ICardCertificateIssuer
{
    /// <summary>Issues the card's certificate.</summary>
    /// <param name="request">What to certify.</param>
    /// <param name="cancellationToken">Cancels the request to the CA.</param>
    /// <returns>The certificate (public part only) followed by any intermediate certificates up to, but excluding, the trust anchor.</returns>
    Task<IReadOnlyList<X509Certificate2>> IssueAsync(CardCertificateRequest request, CancellationToken cancellationToken = default);
}
