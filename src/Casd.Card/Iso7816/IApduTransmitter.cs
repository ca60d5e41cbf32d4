namespace Casd.Card.Iso7816;

/// <summary>Sends a command APDU and returns the card's response: the contract of every stage of the APDU pipeline.</summary>
public interface IApduTransmitter
{
    /// <summary>Sends a command and returns its response.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The response; its data is owned by the caller.</returns>
    ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default);
}
