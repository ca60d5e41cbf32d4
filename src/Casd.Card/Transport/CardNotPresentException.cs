namespace Casd.Card.Transport;

/// <summary>
/// Raised when there is no card in the reader.
/// </summary>
public class CardNotPresentException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardNotPresentException()
        : base("There is no card in the reader; insert the card and retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardNotPresentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardNotPresentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
