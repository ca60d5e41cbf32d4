using Casd.Card.Iso7816;

namespace Casd.Card.Simulator;

/// <summary>
/// Stands in for SCP03 and SCP11b on a simulated card whose access rules are off: a
/// personalisation channel grants the card's personalisation authority (as a real SCP03 with
/// C-DECRYPTION and C-MAC does) and returns the plain transmitter; a verification channel is the
/// plain transmitter. For tests of cards whose access rules are off; the tools and applications use
/// <see cref="SecureChannelFactory"/> (docs/decisions/0070-secure-channel-factory.md).
/// </summary>
public sealed class SimulatorChannelFactory : ICardChannelFactory
{
    private readonly Func<SimulatedCard?> _card;

    /// <summary>Initializes the factory for whatever card a reader holds at the time a channel opens.</summary>
    /// <param name="card">Returns the card the channel is for; <see langword="null"/> when none is inserted.</param>
    public SimulatorChannelFactory(Func<SimulatedCard?> card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
    }

    /// <summary>Initializes the factory for one card.</summary>
    /// <param name="card">The card.</param>
    public SimulatorChannelFactory(SimulatedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = () => card;
    }

    /// <inheritdoc/>
    public ValueTask<IApduTransmitter> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var card = _card() ?? throw new Casd.Card.Transport.CardRemovedException("No simulated card is inserted.");
        if (request.Purpose == CardChannelPurpose.Personalisation)
        {
            card.GrantPersonalisationAuthority();
        }

        return ValueTask.FromResult(plain);
    }
}
