namespace Casd.Card.SecureChannel;

/// <summary>
/// Raised when the mutual authentication of a secure channel fails: the card cryptogram or the
/// SCP11b receipt does not verify (wrong static keys or key version, or not the genuine card),
/// or the card refuses the host's cryptogram.
/// </summary>
public class SecureChannelAuthenticationException : SecureChannelException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public SecureChannelAuthenticationException()
        : base("The secure channel authentication failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong; never key material.</param>
    public SecureChannelAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong; never key material.</param>
    /// <param name="innerException">The underlying cause.</param>
    public SecureChannelAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
