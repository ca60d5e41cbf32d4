using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Casd.Card.Redis;
using Casd.Card.RemoteAccess;
using Casd.Card.Testing;
using StackExchange.Redis;

namespace Casd.Card.IntegrationTests.LoginState;

/// <summary>
/// What only the Redis store does: its key layout and time to live, forgetting by Redis's clock,
/// key prefixes, and failures that surface as <see cref="LoginStateStoreException"/> naming the
/// server (those need no Redis: they use a port where nothing listens).
/// </summary>
public sealed class RedisLoginStateStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_challenge_is_kept_under_its_LoginStateKeys_key_until_expiry_plus_retention_and_redeeming_keeps_that()
    {
        var endpoint = RedisEnvironment.Require();
        await using var raw = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var prefix = "test-" + Guid.NewGuid().ToString("N") + ":";
        await using var store = await RedisLoginStateStore.ConnectAsync(endpoint, new RedisLoginStateStoreOptions { KeyPrefix = prefix, Retention = TimeSpan.FromMinutes(10) }, Ct);
        var key = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeMilliseconds());

        await store.IssueChallengeAsync(key, expiresAt, Ct);
        var db = raw.GetDatabase();
        Assert.Equal("i:" + expiresAt.ToUnixTimeMilliseconds(), (string?)await db.StringGetAsync(prefix + key));
        var forgetAt = await db.KeyExpireTimeAsync(prefix + key);
        Assert.Equal((expiresAt + TimeSpan.FromMinutes(10)).UtcDateTime, forgetAt);
        Assert.False(await db.KeyExistsAsync(key), "the prefix comes first");

        Assert.Equal(ChallengeRedemption.Redeemed, await store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Equal("r:" + expiresAt.ToUnixTimeMilliseconds(), (string?)await db.StringGetAsync(prefix + key));
        Assert.Equal(forgetAt, await db.KeyExpireTimeAsync(prefix + key));

        var serial = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        await store.AdvanceCounterAsync(serial, 42, Ct);
        Assert.Equal(42, (long)await db.StringGetAsync(prefix + LoginStateKeys.Counter(serial)));
        Assert.Null(await db.KeyExpireTimeAsync(prefix + LoginStateKeys.Counter(serial)));
    }

    [Fact]
    public async Task Stores_with_other_prefixes_do_not_see_each_others_state()
    {
        var endpoint = RedisEnvironment.Require();
        await using var a = await RedisLoginStateStore.ConnectAsync(endpoint, new RedisLoginStateStoreOptions { KeyPrefix = "a-" + Guid.NewGuid().ToString("N") + ":" }, Ct);
        await using var b = await RedisLoginStateStore.ConnectAsync(endpoint, new RedisLoginStateStoreOptions { KeyPrefix = "b-" + Guid.NewGuid().ToString("N") + ":" }, Ct);
        var key = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        await a.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct);

        Assert.Equal(ChallengeRedemption.Unknown, await b.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Equal(ChallengeRedemption.Redeemed, await a.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task Redis_forgets_a_challenge_after_the_retention_by_its_own_clock()
    {
        var endpoint = RedisEnvironment.Require();
        await using var store = await RedisLoginStateStore.ConnectAsync(endpoint, new RedisLoginStateStoreOptions { Retention = TimeSpan.FromMilliseconds(300) }, Ct);
        var key = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        await store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMilliseconds(200), Ct);
        Assert.Equal(ChallengeRedemption.Redeemed, await store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));

        await Task.Delay(TimeSpan.FromMilliseconds(900), Ct);
        Assert.Equal(ChallengeRedemption.Unknown, await store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));

        // One whose retention had already passed when it was issued is never remembered.
        var late = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        await store.IssueChallengeAsync(late, DateTimeOffset.UtcNow.AddMinutes(-5), Ct);
        Assert.Equal(ChallengeRedemption.Unknown, await store.RedeemChallengeAsync(late, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public async Task A_store_over_a_callers_connection_leaves_it_open()
    {
        var endpoint = RedisEnvironment.Require();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var store = new RedisLoginStateStore(connection);
        Assert.Equal(endpoint, store.Server);
        await store.PingAsync(Ct);
        await store.DisposeAsync();
        Assert.True(connection.IsConnected);
        await store.PingAsync(Ct);
    }

    [Fact]
    public async Task A_key_that_is_not_login_state_is_a_typed_failure_not_a_wrong_answer()
    {
        var endpoint = RedisEnvironment.Require();
        await using var raw = await ConnectionMultiplexer.ConnectAsync(endpoint);
        await using var store = new RedisLoginStateStore(raw);
        var key = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        await raw.GetDatabase().StringSetAsync(key, "something else", TimeSpan.FromMinutes(1));

        var failure = await Assert.ThrowsAsync<LoginStateStoreException>(async () => await store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Contains("not a CASD challenge", failure.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_LoginStateStoreException_that_names_it()
    {
        var endpoint = "127.0.0.1:" + ClosedPort();
        var failure = await Assert.ThrowsAsync<LoginStateStoreException>(async () => await RedisLoginStateStore.ConnectAsync(endpoint + ",connectTimeout=1000", cancellationToken: Ct));
        Assert.Equal(endpoint, failure.Server);
        Assert.Contains(endpoint, failure.Message, StringComparison.Ordinal);
        Assert.Contains("Check that Redis runs there", failure.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<RedisException>(failure.InnerException);
    }

    [Fact]
    public async Task A_connection_lost_fails_every_call_with_a_LoginStateStoreException()
    {
        var endpoint = "127.0.0.1:" + ClosedPort();
        var options = ConfigurationOptions.Parse(endpoint + ",abortConnect=false,connectTimeout=500");
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await using var store = new RedisLoginStateStore(connection);
        var key = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

        var issue = await Assert.ThrowsAsync<LoginStateStoreException>(async () => await store.IssueChallengeAsync(key, DateTimeOffset.UtcNow.AddMinutes(2), Ct));
        Assert.Contains($"Redis at {endpoint} failed while issuing a challenge", issue.Message, StringComparison.Ordinal);
        var redeem = await Assert.ThrowsAsync<LoginStateStoreException>(async () => await store.RedeemChallengeAsync(key, DateTimeOffset.UtcNow, Ct));
        Assert.Contains("redeeming a challenge", redeem.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LoginStateStoreException>(async () => await store.AdvanceCounterAsync("01", 1, Ct));
        await Assert.ThrowsAsync<LoginStateStoreException>(async () => await store.PingAsync(Ct));
    }

    [Fact]
    public async Task A_call_waiting_on_redis_stops_when_its_token_is_cancelled()
    {
        // No server, and commands wait in the backlog for a connection (the default policy) for up to 5 s.
        var options = ConfigurationOptions.Parse("127.0.0.1:" + ClosedPort() + ",abortConnect=false,connectTimeout=500,asyncTimeout=30000");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await using var store = new RedisLoginStateStore(connection);
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.RedeemChallengeAsync(LoginStateKeys.Challenge(new byte[32], new byte[32]), DateTimeOffset.UtcNow, soon.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"cancellation took {started.Elapsed}");
    }

    [Fact]
    public async Task Connecting_stops_waiting_when_its_token_is_cancelled()
    {
        // A server that accepts and never answers: the handshake hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await RedisLoginStateStore.ConnectAsync($"127.0.0.1:{port},connectTimeout=10000", cancellationToken: soon.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {started.Elapsed}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_configuration_is_an_argument_error(string configuration)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await RedisLoginStateStore.ConnectAsync(configuration, cancellationToken: Ct));
    }

    /// <summary>A loopback port where nothing listens (taken, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
