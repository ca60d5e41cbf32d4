namespace Casd.Card.Transport;

/// <summary>
/// Raised when the smart-card service (PC/SC: pcscd on Linux and macOS, the Smart Card service on Windows) is not running or not installed.
/// </summary>
public class CardServiceUnavailableException : CardCommunicationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CardServiceUnavailableException()
        : base("The PC/SC service is not running; on Debian/Ubuntu install and start it (apt-get install pcscd, then systemctl start pcscd.socket), on Windows start the Smart Card service.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    public CardServiceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, what to do about it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public CardServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
