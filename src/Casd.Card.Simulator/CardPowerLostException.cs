using Casd.Card.Transport;

namespace Casd.Card.Simulator;

/// <summary>
/// The simulated card lost power in the middle of a command (injected tearing or removal): the
/// response is lost and the card must be powered up again, which completes or rolls back the
/// interrupted NVM update.
/// </summary>
public class CardPowerLostException : CardRemovedException
{
    /// <summary>Initializes the exception with the default message.</summary>
    public CardPowerLostException()
        : base("The simulated card lost power during the command; power it up again to recover its memory.")
    {
    }

    /// <summary>Initializes the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CardPowerLostException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CardPowerLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
