using Casd.Card.Iso7816;

namespace Casd.Card;

/// <summary>
/// No secure messaging: returns the plain transmitter. For tests and for a simulator whose access
/// rules are off; a card that enforces the rules refuses the protected commands with '6982'.
/// </summary>
public sealed class PlainChannelFactory : ICardChannelFactory
{
    /// <summary>Gets the shared instance.</summary>
    public static PlainChannelFactory Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<IApduTransmitter> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(plain);
    }
}
