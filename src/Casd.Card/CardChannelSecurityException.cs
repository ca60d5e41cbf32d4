using Casd.Card.Transport;

namespace Casd.Card;

/// <summary>
/// A workflow refused to send something over the open channel because the channel does not give
/// the protection it needs: a probe or a template needs a channel that authenticates the card and
/// encrypts commands; personalisation also needs authenticated responses. Nothing was sent.
/// </summary>
public sealed class CardChannelSecurityException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardChannelSecurityException()
        : base("The open channel does not protect what the operation would send.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was refused, what it needs and what the channel gives.</param>
    public CardChannelSecurityException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardChannelSecurityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the protection the operation needs.</summary>
    public CardChannelProtection Required { get; init; }

    /// <summary>Gets the protection the channel gives.</summary>
    public CardChannelProtection Actual { get; init; }
}
