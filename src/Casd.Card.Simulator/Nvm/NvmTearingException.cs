namespace Casd.Card.Simulator.Nvm;

/// <summary>Thrown inside the card when injected tearing cuts the power after an NVM write.</summary>
internal sealed class CardPowerLossException : Exception
{
    public CardPowerLossException()
        : base("Power was lost after an NVM write (injected tearing).")
    {
    }

    public CardPowerLossException(string message)
        : base(message)
    {
    }

    public CardPowerLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
