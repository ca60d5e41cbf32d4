namespace Casd.Card.Transport;

/// <summary>
/// Raised when another application holds the card (or the reader) exclusively.
/// </summary>
public class CardSharingViolationException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardSharingViolationException()
        : base("Another application is using the card exclusively; close it (or wait until it finishes) and retry.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardSharingViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardSharingViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
