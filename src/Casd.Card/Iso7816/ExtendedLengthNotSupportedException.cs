using Casd.Card.Transport;

namespace Casd.Card.Iso7816;

/// <summary>
/// Raised when a command needs extended length fields (Nc over 255 or Ne over 256) but the card or reader only accepts short APDUs.
/// </summary>
public class ExtendedLengthNotSupportedException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ExtendedLengthNotSupportedException()
        : base("The command needs extended length, which the card does not support.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public ExtendedLengthNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ExtendedLengthNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
