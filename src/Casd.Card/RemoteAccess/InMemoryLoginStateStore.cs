namespace Casd.Card.RemoteAccess;

/// <summary>
/// The login state of one server process, in memory: atomic under a lock, lost at restart. A
/// redeemed or expired challenge is remembered until <see cref="Retention"/> after its expiry, so
/// a replay in that time is named as one; after that it is forgotten (and unknown).
/// </summary>
public sealed class InMemoryLoginStateStore : ILoginStateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset ExpiresAt, bool Redeemed)> _challenges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _counters = new(StringComparer.Ordinal);
    private DateTimeOffset _nextPurge;

    /// <summary>Gets or sets how long a challenge is remembered after its expiry; 10 minutes by default.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc/>
    public ValueTask IssueChallengeAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Purge(expiresAt);
            if (!_challenges.TryAdd(key, (expiresAt, false)))
            {
                throw new InvalidOperationException("This challenge was already issued; challenges must be fresh random bytes.");
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<ChallengeRedemption> RedeemChallengeAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Purge(now);
            if (!_challenges.TryGetValue(key, out var entry))
            {
                return ValueTask.FromResult(ChallengeRedemption.Unknown);
            }

            if (entry.Redeemed)
            {
                return ValueTask.FromResult(ChallengeRedemption.AlreadyRedeemed);
            }

            _challenges[key] = (entry.ExpiresAt, true);
            return ValueTask.FromResult(now > entry.ExpiresAt ? ChallengeRedemption.Expired : ChallengeRedemption.Redeemed);
        }
    }

    /// <inheritdoc/>
    public ValueTask<CounterAdvance> AdvanceCounterAsync(string cardSerial, uint counter, CancellationToken cancellationToken = default)
    {
        var key = LoginStateKeys.Counter(cardSerial);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var last = _counters.GetValueOrDefault(key);
            if (counter <= last)
            {
                return ValueTask.FromResult(new CounterAdvance(false, last));
            }

            _counters[key] = counter;
            return ValueTask.FromResult(new CounterAdvance(true, last));
        }
    }

    private void Purge(DateTimeOffset now)
    {
        // Amortised: at most once a minute, so memory stays bounded by the challenges of the retention window.
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + TimeSpan.FromMinutes(1);
        foreach (var key in _challenges.Where(c => now > c.Value.ExpiresAt + Retention).Select(c => c.Key).ToList())
        {
            _challenges.Remove(key);
        }
    }
}
