namespace Casd.Card.Transport;

/// <summary>
/// Raised when the card was removed from the reader (or its link dropped) during or before an operation.
/// </summary>
public class CardRemovedException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardRemovedException()
        : base("The card was removed from the reader; insert it again and retry the operation.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardRemovedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardRemovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
