using Casd.Card.Iso7816;

namespace Casd.Card;

/// <summary>
/// Turns the plain APDU transmitter of a card whose CASD application is selected into the secured
/// one a workflow needs (docs/decisions/0060-card-channel-factory.md). Implementations: SCP03 for
/// <see cref="CardChannelPurpose.Personalisation"/>, SCP11b for <see cref="CardChannelPurpose.Verification"/>,
/// and <see cref="PlainChannelFactory"/> for tests and simulators without access rules.
/// </summary>
public interface ICardChannelFactory
{
    /// <summary>Opens a channel over the plain transmitter.</summary>
    /// <param name="plain">The transmitter below the channel; the application is already selected.</param>
    /// <param name="request">The purpose and the card's serial.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>
    /// The transmitter every later command goes through. When it is <see cref="IDisposable"/> the
    /// caller disposes it when the session ends (session keys are zeroed then).
    /// </returns>
    /// <exception cref="Transport.CardException">The handshake failed.</exception>
    ValueTask<IApduTransmitter> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default);
}
