namespace Casd.Card.Transport;

/// <summary>
/// Raised when bytes could not be exchanged with the card: the link, the reader or the card failed.
/// </summary>
public class CardCommunicationException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardCommunicationException()
        : base("Communication with the card failed; check the reader and the card, then retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardCommunicationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardCommunicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
