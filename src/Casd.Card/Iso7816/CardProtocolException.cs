using Casd.Card.Transport;

namespace Casd.Card.Iso7816;

/// <summary>
/// Raised when a card breaks the transmission rules: endless 61xx, repeated 6Cxx, a response larger than allowed, or a chained command refused mid-way.
/// </summary>
public class CardProtocolException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardProtocolException()
        : base("The card did not follow the ISO/IEC 7816-4 transmission rules.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
