namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// Thrown inside the card when injected tearing cuts the power after an NVM write. It never leaves
/// the simulator: <see cref="SimulatedCard"/> turns it into the public <see cref="CardPowerLostException"/>
/// the host sees, as a reader reports a card that lost power.
/// </summary>
internal sealed class NvmTearingException : Exception
{
    public NvmTearingException()
        : base("Power was lost after an NVM write (injected tearing).")
    {
    }

    public NvmTearingException(string message)
        : base(message)
    {
    }

    public NvmTearingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
