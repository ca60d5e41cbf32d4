using System.Globalization;
using Casd.Card.Transport;

namespace Casd.Card.Iso7816;

/// <summary>Raised when a card answers a command with a status word the caller did not accept.</summary>
public class StatusWordException : CardException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public StatusWordException()
        : base("The card refused the command.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public StatusWordException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public StatusWordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a status word and, optionally, the command it answered.</summary>
    /// <param name="statusWord">The status word received.</param>
    /// <param name="command">The command, described by its header only.</param>
    public StatusWordException(StatusWord statusWord, CommandApdu? command = null)
        : base(command is null
            ? string.Format(CultureInfo.InvariantCulture, "The card answered {0}.", statusWord)
            : string.Format(CultureInfo.InvariantCulture, "The card answered {0} to command {1}.", statusWord, command))
    {
        StatusWord = statusWord;
    }

    /// <summary>Gets the status word the card answered.</summary>
    public StatusWord StatusWord { get; }
}
