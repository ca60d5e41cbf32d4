using Casd.Card.Iso7816;

namespace Casd.Card;

/// <summary>
/// Turns the plain APDU transmitter of a card whose CASD application is selected into the secured
/// channel a workflow needs (docs/decisions/0070-secure-channel-factory.md). The production
/// implementation is <see cref="SecureChannelFactory"/>: SCP03 for
/// <see cref="CardChannelPurpose.Personalisation"/>, SCP11b for <see cref="CardChannelPurpose.Verification"/>.
/// <see cref="UnprotectedChannelFactory"/> exists for diagnostics and tests only.
/// </summary>
public interface ICardChannelFactory
{
    /// <summary>Opens a channel over the plain transmitter.</summary>
    /// <param name="plain">The transmitter below the channel; the application is already selected.</param>
    /// <param name="request">The purpose and the card's serial.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>
    /// The channel every later command of the session goes through, stating what it protects; the
    /// caller disposes it when the session ends (session keys are zeroed then).
    /// </returns>
    /// <exception cref="Transport.CardException">The handshake failed.</exception>
    ValueTask<ICardChannel> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default);
}
