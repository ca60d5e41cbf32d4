namespace Casd.Card.Transport;

/// <summary>
/// Raised when the reader or the smart-card service did not complete an operation in time.
/// </summary>
public class CardTimeoutException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardTimeoutException()
        : base("The card or the reader did not answer in time; check the reader and retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
