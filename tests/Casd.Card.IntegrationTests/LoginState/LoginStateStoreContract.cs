using System.Security.Cryptography;
using Casd.Card.RemoteAccess;

namespace Casd.Card.IntegrationTests.LoginState;

/// <summary>
/// What every <see cref="ILoginStateStore"/> promises, run against each implementation (one
/// derived class per store): single use, expiry on the verifier's clock, replays named within the
/// retention, counters that only rise, and atomicity when several tasks (and, where the store is
/// shared, several servers) race on one challenge or counter.
/// </summary>
/// <remarks>
/// Keys are random per test, so the tests of a shared Redis never meet. "Now" is the real clock:
/// Redis forgets a challenge by its own clock.
/// </remarks>
public abstract class LoginStateStoreContract : IAsyncLifetime
{
    protected static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets the store under test.</summary>
    protected ILoginStateStore Store { get; private set; } = null!;

    /// <summary>Gets a second handle on the same state: another "server" (another connection) where the store is shared, the same store otherwise.</summary>
    protected ILoginStateStore Peer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Store = await CreateStoreAsync();
        Peer = await CreatePeerAsync();
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_challenge_never_issued_is_unknown()
    {
        Assert.Equal(ChallengeRedemption.Unknown, await Store.RedeemChallengeAsync(NewKey(), DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task An_issued_challenge_is_redeemed_once_and_then_named_a_replay()
    {
        var key = NewKey();
        var now = DateTimeOffset.UtcNow;
        await Store.IssueChallengeAsync(key, now.AddMinutes(2), Ct);

        Assert.Equal(ChallengeRedemption.Redeemed, await Store.RedeemChallengeAsync(key, now.AddSeconds(1), Ct));
        Assert.Equal(ChallengeRedemption.AlreadyRedeemed, await Store.RedeemChallengeAsync(key, now.AddSeconds(2), Ct));
        Assert.Equal(ChallengeRedemption.AlreadyRedeemed, await Peer.RedeemChallengeAsync(key, now.AddSeconds(3), Ct));
    }

    [Fact]
    public async Task A_challenge_issued_on_one_server_is_redeemed_on_another()
    {
        var key = NewKey();
        await Store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct);
        Assert.Equal(ChallengeRedemption.Redeemed, await Peer.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Equal(ChallengeRedemption.AlreadyRedeemed, await Store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task Issuing_the_same_challenge_twice_is_refused()
    {
        var key = NewKey();
        await Store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Peer.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct));

        // The first issue stands: still redeemable once.
        Assert.Equal(ChallengeRedemption.Redeemed, await Store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task A_challenge_past_its_expiry_on_the_verifiers_clock_is_expired_and_spent()
    {
        var key = NewKey();
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(2);
        await Store.IssueChallengeAsync(key, expiresAt, Ct);

        Assert.Equal(ChallengeRedemption.Expired, await Store.RedeemChallengeAsync(key, expiresAt.AddMilliseconds(1), Ct));
        Assert.Equal(ChallengeRedemption.AlreadyRedeemed, await Peer.RedeemChallengeAsync(key, expiresAt.AddSeconds(1), Ct));
    }

    [Fact]
    public async Task The_last_millisecond_of_a_challenge_still_redeems()
    {
        var key = NewKey();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeMilliseconds());
        await Store.IssueChallengeAsync(key, expiresAt, Ct);
        Assert.Equal(ChallengeRedemption.Redeemed, await Store.RedeemChallengeAsync(key, expiresAt, Ct));
    }

    [Fact]
    public async Task A_replay_is_remembered_until_the_retention_after_expiry()
    {
        var key = NewKey();
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now.AddMinutes(2);
        await Store.IssueChallengeAsync(key, expiresAt, Ct);
        Assert.Equal(ChallengeRedemption.Redeemed, await Store.RedeemChallengeAsync(key, now, Ct));

        // The verifier's clock near the end of the retention: the replay is still named as one.
        Assert.Equal(ChallengeRedemption.AlreadyRedeemed, await Peer.RedeemChallengeAsync(key, expiresAt + Retention - TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task A_counter_only_rises()
    {
        var serial = NewSerial();
        Assert.Equal(new CounterAdvance(true, 0), await Store.AdvanceCounterAsync(serial, 5, Ct));
        Assert.Equal(new CounterAdvance(false, 5), await Peer.AdvanceCounterAsync(serial, 5, Ct));
        Assert.Equal(new CounterAdvance(false, 5), await Store.AdvanceCounterAsync(serial, 4, Ct));
        Assert.Equal(new CounterAdvance(true, 5), await Peer.AdvanceCounterAsync(serial, 6, Ct));
        Assert.Equal(new CounterAdvance(true, 6), await Store.AdvanceCounterAsync(serial, uint.MaxValue, Ct));
        Assert.Equal(new CounterAdvance(false, uint.MaxValue), await Store.AdvanceCounterAsync(serial, uint.MaxValue, Ct));
    }

    [Fact]
    public async Task Counters_are_per_card_and_the_serial_is_case_insensitive()
    {
        var serial = NewSerial();
        var other = NewSerial();
        Assert.True((await Store.AdvanceCounterAsync(serial.ToLowerInvariant(), 10, Ct)).Advanced);
        Assert.Equal(new CounterAdvance(false, 10), await Peer.AdvanceCounterAsync(serial.ToUpperInvariant(), 10, Ct));
        Assert.Equal(new CounterAdvance(true, 0), await Store.AdvanceCounterAsync(other, 1, Ct));
    }

    [Fact]
    public async Task Of_many_tasks_redeeming_one_challenge_exactly_one_wins()
    {
        const int tasks = 32;
        var key = NewKey();
        await Store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct);
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, tasks).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await (i % 2 == 0 ? Store : Peer).RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct);
            },
            Ct)).ToArray();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r == ChallengeRedemption.Redeemed);
        Assert.Equal(tasks - 1, results.Count(r => r == ChallengeRedemption.AlreadyRedeemed));
    }

    [Fact]
    public async Task Of_many_tasks_advancing_a_counter_to_one_value_exactly_one_wins()
    {
        const int tasks = 32;
        var serial = NewSerial();
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, tasks).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await (i % 2 == 0 ? Store : Peer).AdvanceCounterAsync(serial, 7, Ct);
            },
            Ct)).ToArray();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Advanced);
        Assert.All(results.Where(r => !r.Advanced), r => Assert.Equal(7u, r.LastSeen));
    }

    [Fact]
    public async Task Racing_counters_end_at_the_highest()
    {
        var serial = NewSerial();
        var results = await Task.WhenAll(Enumerable.Range(1, 40).Select(c => Task.Run(async () => await (c % 2 == 0 ? Store : Peer).AdvanceCounterAsync(serial, (uint)c, Ct), Ct)));

        Assert.Contains(results, r => r.Advanced);
        Assert.Equal(new CounterAdvance(false, 40), await Store.AdvanceCounterAsync(serial, 40, Ct));
    }

    [Fact]
    public async Task A_cancelled_token_stops_every_call_before_it_runs()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var key = NewKey();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, cancelled.Token));
        var serial = NewSerial();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.AdvanceCounterAsync(serial, 1, cancelled.Token));

        // Nothing was written.
        Assert.Equal(ChallengeRedemption.Unknown, await Store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Equal(new CounterAdvance(true, 0), await Store.AdvanceCounterAsync(serial, 1, Ct));
    }

    /// <summary>A new store (the "first server").</summary>
    protected abstract ValueTask<ILoginStateStore> CreateStoreAsync();

    /// <summary>Another handle on the state of <see cref="Store"/>.</summary>
    protected abstract ValueTask<ILoginStateStore> CreatePeerAsync();

    protected static string NewKey() => LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    protected static string NewSerial() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
}
