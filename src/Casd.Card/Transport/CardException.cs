namespace Casd.Card.Transport;

/// <summary>
/// The base of every exception that Casd.Card raises for a card, a reader or the data they return.
/// </summary>
/// <remarks>
/// It lives in the lowest layer so that every layer above can derive from it without reaching
/// upwards (see docs/decisions/0003-exception-hierarchy.md). Messages never contain key material,
/// template bytes or other secret data.
/// </remarks>
public class CardException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardException()
        : base("A smart-card operation failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
