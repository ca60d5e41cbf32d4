namespace Casd.Card.Transport;

/// <summary>
/// Raised when the card in the reader does not answer, is not powered, or cannot be used by the reader.
/// </summary>
public class CardUnresponsiveException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardUnresponsiveException()
        : base("The card does not respond; remove it, check its orientation and contacts, insert it again and retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardUnresponsiveException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardUnresponsiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
