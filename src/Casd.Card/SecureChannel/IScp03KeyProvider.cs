namespace Casd.Card.SecureChannel;

/// <summary>
/// Serves the SCP03 static keys of a card. Implementations may look keys up, diversify them from
/// a master key (<see cref="DiversifiedScp03KeyProvider"/>) or ask an HSM to diversify them so
/// that the master key never leaves it (docs/secure-channel.md, "Plugging in an HSM").
/// </summary>
public interface IScp03KeyProvider
{
    /// <summary>Returns the card's static keys; the caller disposes (zeroes) them.</summary>
    /// <param name="request">Which card and key version.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="SecureChannelAuthenticationException">The provider has no keys for this card or version.</exception>
    ValueTask<Scp03StaticKeys> GetKeysAsync(Scp03KeyRequest request, CancellationToken cancellationToken = default);
}
