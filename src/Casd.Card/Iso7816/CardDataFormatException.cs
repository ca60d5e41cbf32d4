using Casd.Card.Transport;

namespace Casd.Card.Iso7816;

/// <summary>
/// Raised when bytes from outside (a card, a reader or a file) are malformed: a truncated TLV, a length beyond the data, a response shorter than its status word.
/// </summary>
public class CardDataFormatException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardDataFormatException()
        : base("The data received is malformed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardDataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardDataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
