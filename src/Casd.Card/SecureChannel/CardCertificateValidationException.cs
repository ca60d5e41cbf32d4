namespace Casd.Card.SecureChannel;

/// <summary>
/// Raised when the card's SCP11b certificate is refused: malformed, not issued by a configured
/// trust anchor, outside its validity dates, not a key-agreement certificate, or issued for
/// another card. Raised before any secret is sent to the card.
/// </summary>
public class CardCertificateValidationException : SecureChannelAuthenticationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardCertificateValidationException()
        : base("The card's certificate is not valid.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why the certificate is refused.</param>
    public CardCertificateValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">Why the certificate is refused.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardCertificateValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
