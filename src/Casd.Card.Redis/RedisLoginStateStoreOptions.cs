namespace Casd.Card.Redis;

/// <summary>How a <see cref="RedisLoginStateStore"/> lays out and keeps its keys.</summary>
public sealed record RedisLoginStateStoreOptions
{
    /// <summary>
    /// Gets a prefix put before every key (for example <c>"remote-a:"</c>), so that several
    /// deployments can share one Redis without seeing each other's challenges and counters; none by
    /// default. Servers that verify each other's challenges must use the same prefix.
    /// </summary>
    public string KeyPrefix { get; init; } = string.Empty;

    /// <summary>
    /// Gets how long a challenge is remembered after its expiry; 10 minutes by default, as
    /// <see cref="RemoteAccess.InMemoryLoginStateStore.Retention"/>. Until then a replay of a
    /// redeemed or expired challenge is named as one; after it, Redis deletes the key and the
    /// challenge is unknown (refused all the same).
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the Redis database number; -1 (the default) takes the connection's default database.</summary>
    public int Database { get; init; } = -1;
}
