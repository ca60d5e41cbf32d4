using System.Globalization;
using System.Net;
using Casd.Card.RemoteAccess;
using StackExchange.Redis;

namespace Casd.Card.Redis;

/// <summary>
/// The login state that several remote-access servers share, in Redis: issued challenges (single
/// use, remembered until <see cref="RedisLoginStateStoreOptions.Retention"/> after their expiry) and
/// the last signature counter seen per card. Redemption and the counter's compare-and-set each run
/// as one Lua script on the server (<see cref="RedisLoginScripts"/>), so two servers racing on the
/// same challenge or counter never both win.
/// </summary>
/// <remarks>
/// <para>Keys are those of <see cref="LoginStateKeys"/>, after <see cref="RedisLoginStateStoreOptions.KeyPrefix"/>.
/// An issued challenge is <c>SET key i:EXPIRY NX PXAT (expiry + retention)</c>: Redis forgets it by
/// its own clock, while whether it has expired is decided by the verifier's clock passed to
/// <see cref="RedeemChallengeAsync"/>. Counters have no expiry; give Redis a <c>maxmemory-policy</c>
/// that never evicts them (<c>noeviction</c> or a <c>volatile-*</c> policy).</para>
/// <para>Every failure of Redis (unreachable, timed out, an error answer) is a
/// <see cref="LoginStateStoreException"/> naming the server; the verifier then refuses the login
/// (fail closed). StackExchange.Redis takes no cancellation token: a cancelled call stops waiting,
/// but a command already sent may still run (a challenge may be spent by a cancelled redemption).</para>
/// <para>Thread-safe: one store serves concurrent requests over one multiplexed connection.</para>
/// </remarks>
public sealed class RedisLoginStateStore : ILoginStateStore, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly IDatabase _database;
    private readonly string _keyPrefix;

    /// <summary>Initializes a store over a connection the caller owns (and disposes, after the store).</summary>
    /// <param name="connection">A connected multiplexer, usually the application's single one.</param>
    /// <param name="options">Key prefix, retention, database; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative retention.</exception>
    public RedisLoginStateStore(IConnectionMultiplexer connection, RedisLoginStateStoreOptions? options = null)
        : this(connection, options ?? new RedisLoginStateStoreOptions(), ownsConnection: false)
    {
    }

    private RedisLoginStateStore(IConnectionMultiplexer connection, RedisLoginStateStoreOptions options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Retention, TimeSpan.Zero, nameof(options));
        _connection = connection;
        _ownsConnection = ownsConnection;
        _database = connection.GetDatabase(options.Database);
        _keyPrefix = options.KeyPrefix ?? string.Empty;
        Retention = options.Retention;
        Server = Describe(connection.GetEndPoints(configuredOnly: true));
    }

    /// <summary>Gets how long a challenge is remembered after its expiry.</summary>
    public TimeSpan Retention { get; }

    /// <summary>Gets the Redis server or servers, as "host:port" (comma-separated), for messages and logs; never a password.</summary>
    public string Server { get; }

    /// <summary>
    /// Connects to Redis and returns a store that owns the connection: disposing the store closes it.
    /// </summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>"127.0.0.1:6379"</c> or <c>"redis.example:6380,ssl=true,password=…"</c>.</param>
    /// <param name="options">Key prefix, retention, database; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the connection (which is then closed when it completes).</param>
    /// <returns>The connected store.</returns>
    /// <exception cref="ArgumentException">The configuration string is empty or not understood.</exception>
    /// <exception cref="LoginStateStoreException">Redis could not be reached.</exception>
    public static async Task<RedisLoginStateStore> ConnectAsync(string configuration, RedisLoginStateStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("The Redis configuration is not understood: " + ex.Message, nameof(configuration), ex);
        }

        var server = Describe(parsed.EndPoints);
        cancellationToken.ThrowIfCancellationRequested();
        var connecting = ConnectionMultiplexer.ConnectAsync(parsed);
        ConnectionMultiplexer connection;
        try
        {
            connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Nothing stops a connection attempt: close it when it is made (at once if it just was).
            _ = connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ObserveFault(connecting);
            throw;
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            throw new LoginStateStoreException(
                $"Could not connect to the login state store on Redis at {server} ({Summarise(ex)}). Check that Redis runs there and that this server may reach it; logins are refused until it can.",
                server,
                ex);
        }

        try
        {
            return new RedisLoginStateStore(connection, options ?? new RedisLoginStateStoreOptions(), ownsConnection: true);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="LoginStateStoreException">Redis failed.</exception>
    public async ValueTask IssueChallengeAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var state = RedisLoginScripts.Issued + expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Absolute expiry (PXAT): Redis forgets the challenge Retention after it expires, whichever server issued it.
        var forgetAt = new Expiration((expiresAt + Retention).UtcDateTime);
        var issued = await AwaitAsync(_database.StringSetAsync(Key(key), state, forgetAt, ValueCondition.NotExists), "issuing a challenge", cancellationToken).ConfigureAwait(false);
        if (!issued)
        {
            throw new InvalidOperationException("This challenge was already issued; challenges must be fresh random bytes.");
        }
    }

    /// <inheritdoc/>
    /// <exception cref="LoginStateStoreException">Redis failed; the challenge may or may not be spent.</exception>
    public async ValueTask<ChallengeRedemption> RedeemChallengeAsync(string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = await AwaitAsync(
            _database.ScriptEvaluateAsync(RedisLoginScripts.Redeem, [Key(key)], [now.ToUnixTimeMilliseconds()]),
            "redeeming a challenge",
            cancellationToken).ConfigureAwait(false);
        return (long)answer switch
        {
            0 => ChallengeRedemption.Redeemed,
            1 => ChallengeRedemption.Unknown,
            2 => ChallengeRedemption.Expired,
            3 => ChallengeRedemption.AlreadyRedeemed,
            var other => throw new LoginStateStoreException($"The login state store on Redis at {Server} answered {other} to a redemption; is another version of the script loaded?", Server, null),
        };
    }

    /// <inheritdoc/>
    /// <exception cref="LoginStateStoreException">Redis failed; the counter may or may not have been raised.</exception>
    public async ValueTask<CounterAdvance> AdvanceCounterAsync(string cardSerial, uint counter, CancellationToken cancellationToken = default)
    {
        var key = Key(LoginStateKeys.Counter(cardSerial));
        cancellationToken.ThrowIfCancellationRequested();
        var answer = await AwaitAsync(
            _database.ScriptEvaluateAsync(RedisLoginScripts.AdvanceCounter, [key], [counter]),
            "advancing a signature counter",
            cancellationToken).ConfigureAwait(false);
        var pair = (RedisResult[]?)answer;
        if (pair is not { Length: 2 })
        {
            throw new LoginStateStoreException($"The login state store on Redis at {Server} gave an unexpected answer to a counter advance.", Server, null);
        }

        return new CounterAdvance((long)pair[0] == 1, checked((uint)(long)pair[1]));
    }

    /// <summary>Pings Redis: the round trip a health check measures.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The round-trip time Redis reported.</returns>
    /// <exception cref="LoginStateStoreException">Redis failed.</exception>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await AwaitAsync(_database.PingAsync(), "pinging", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection if this store opened it (<see cref="ConnectAsync"/>); otherwise does nothing.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or RedisTimeoutException or RedisCommandException;

    /// <summary>What went wrong in a few words: the client's own messages run long and give advice about its settings (the inner exception keeps them).</summary>
    private static string Summarise(Exception ex) => ex switch
    {
        RedisConnectionException connection => "connection failure: " + connection.FailureType,
        RedisTimeoutException => "timed out",
        RedisServerException server => "Redis answered: " + server.Message,
        _ => ex.Message.Split(". ", 2)[0].TrimEnd('.'),
    };

    private static void ObserveFault(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static string Describe(IEnumerable<EndPoint> endPoints)
    {
        var names = endPoints.Select(e => e switch
        {
            DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(CultureInfo.InvariantCulture),
            IPEndPoint ip => ip.ToString(),
            _ => e.ToString() ?? "?",
        }).ToList();
        return names.Count == 0 ? "(no endpoint configured)" : string.Join(", ", names);
    }

    private RedisKey Key(string key) => _keyPrefix.Length == 0 ? key : _keyPrefix + key;

    /// <summary>Waits for a command, honouring the token, and turns Redis's exceptions into <see cref="LoginStateStoreException"/>.</summary>
    private async Task<T> AwaitAsync<T>(Task<T> pending, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The command was sent and may still run; its outcome, if a failure, is observed and dropped.
            ObserveFault(pending);
            throw;
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            throw new LoginStateStoreException(
                $"The login state store on Redis at {Server} failed while {what} ({Summarise(ex)}). Check that Redis runs there and is reachable; until it answers, logins are refused.",
                Server,
                ex);
        }
    }
}
