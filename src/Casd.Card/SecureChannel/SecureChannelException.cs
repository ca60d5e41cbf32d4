using Casd.Card.Transport;

namespace Casd.Card.SecureChannel;

/// <summary>
/// Raised when a secure channel cannot be opened or breaks: a response that fails its MAC or
/// decryption, a protocol violation by the card, or use of a channel that is closed. A channel
/// that raised it is closed for good; open a new one.
/// </summary>
public class SecureChannelException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public SecureChannelException()
        : base("The secure channel failed and is closed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong; never key material or command data.</param>
    public SecureChannelException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong; never key material or command data.</param>
    /// <param name="innerException">The underlying cause.</param>
    public SecureChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
