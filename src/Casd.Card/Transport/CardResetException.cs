namespace Casd.Card.Transport;

/// <summary>
/// Raised when the card was reset (by another application or the reader) and its session state is lost; the caller must select the application again.
/// </summary>
public class CardResetException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardResetException()
        : base("The card was reset by another application; select the application again and retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardResetException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardResetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
