namespace Casd.Card.Transport;

/// <summary>
/// Raised when the named reader does not exist or is no longer available.
/// </summary>
public class CardReaderNotFoundException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardReaderNotFoundException()
        : base("The reader was not found or is no longer available; check the reader's name (casd-card readers lists them) and its connection.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardReaderNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardReaderNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
