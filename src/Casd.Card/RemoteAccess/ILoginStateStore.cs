namespace Casd.Card.RemoteAccess;

/// <summary>
/// The state remote-access servers share to verify logins: issued challenges (single use, with an
/// expiry) and the last signature counter seen per card. Every operation is atomic, so two servers
/// racing on the same challenge or counter never both win. <see cref="InMemoryLoginStateStore"/>
/// serves one process; a Redis store (package Casd.Card.Redis) serves several.
/// </summary>
public interface ILoginStateStore
{
    /// <summary>Records a challenge this server issued.</summary>
    /// <param name="key">The challenge's key: audience hash and challenge (<see cref="LoginStateKeys.Challenge"/>).</param>
    /// <param name="expiresAt">When it stops being accepted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">A challenge with this key was already issued.</exception>
    ValueTask IssueChallengeAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Redeems a challenge once: the first caller gets <see cref="ChallengeRedemption.Redeemed"/>, every later one <see cref="ChallengeRedemption.AlreadyRedeemed"/>.</summary>
    /// <param name="key">The challenge's key.</param>
    /// <param name="now">The verifier's clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What became of the challenge.</returns>
    ValueTask<ChallengeRedemption> RedeemChallengeAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Raises a card's last seen signature counter to <paramref name="counter"/> if, and only if, it is higher.</summary>
    /// <param name="cardSerial">The card serial.</param>
    /// <param name="counter">The counter of the statement being verified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was higher, and the last counter seen before.</returns>
    ValueTask<CounterAdvance> AdvanceCounterAsync(string cardSerial, uint counter, CancellationToken cancellationToken = default);
}
