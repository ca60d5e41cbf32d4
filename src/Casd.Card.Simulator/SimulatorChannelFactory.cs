using Casd.Card.Iso7816;

namespace Casd.Card.Simulator;

/// <summary>
/// Stands in for SCP03 and SCP11b on a simulated card whose access rules are off: a
/// personalisation channel grants the card's personalisation authority (as a real SCP03 with
/// C-DECRYPTION and C-MAC does) and returns the plain transmitter; a verification channel is the
/// plain transmitter. It only works with cards created with
/// <see cref="SimulatedCardOptions.EnforceChannelAccessRules"/> set to <see langword="false"/> (the
/// rules are on by default) and refuses any other card; the tools, applications and tests of the
/// card interface use <see cref="SecureChannelFactory"/> with real SCP03 and SCP11b
/// (docs/decisions/0070-secure-channel-factory.md, 0073-access-rules-on-by-default.md).
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
    /// <exception cref="InvalidOperationException">The card enforces the channel access rules.</exception>
    public ValueTask<IApduTransmitter> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var card = _card() ?? throw new Casd.Card.Transport.CardRemovedException("No simulated card is inserted.");
        if (card.Options.EnforceChannelAccessRules)
        {
            throw new InvalidOperationException(
                "SimulatorChannelFactory only stands in for secure channels on a simulated card whose access rules are off "
                + "(SimulatedCardOptions.EnforceChannelAccessRules = false); this card enforces them: use SecureChannelFactory with the card's SCP03 keys.");
        }

        if (request.Purpose == CardChannelPurpose.Personalisation)
        {
            card.GrantPersonalisationAuthority();
        }

        return ValueTask.FromResult(plain);
    }
}
