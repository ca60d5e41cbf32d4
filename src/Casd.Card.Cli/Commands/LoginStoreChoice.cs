using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Casd.Card.Redis;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Cli.Commands;

/// <summary>The value of <c>--store</c>: the in-memory login state of one command, or a Redis server shared with others.</summary>
/// <param name="RedisEndpoint">"HOST:PORT" of the Redis server; <see langword="null"/> for memory.</param>
internal sealed record LoginStoreChoice(string? RedisEndpoint)
{
    /// <summary>Gets the in-memory store: lives and dies with the command.</summary>
    public static LoginStoreChoice Memory { get; } = new((string?)null);

    /// <summary>Gets whether another process can see this store's challenges and counters.</summary>
    public bool IsShared => RedisEndpoint is not null;

    /// <summary>Parses "memory" or "redis=HOST:PORT" (a host name, an IPv4 address or a bracketed IPv6 address; a port 1–65535).</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="choice">The store, when the value is good.</param>
    /// <param name="error">Why not, as a sentence for the command line.</param>
    /// <returns>Whether the value is good.</returns>
    public static bool TryParse(string value, [NotNullWhen(true)] out LoginStoreChoice? choice, [NotNullWhen(false)] out string? error)
    {
        choice = null;
        error = null;
        if (value == "memory")
        {
            choice = Memory;
            return true;
        }

        const string Prefix = "redis=";
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"--store must be 'memory' or 'redis=HOST:PORT', not '{value}'.";
            return false;
        }

        var endpoint = value[Prefix.Length..];
        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : string.Empty;
        var bracketed = host.StartsWith('[') && host.EndsWith(']') && host.Length > 2;
        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || (!bracketed && host.Contains(':', StringComparison.Ordinal)) || host.Contains(',', StringComparison.Ordinal) || host.Contains('=', StringComparison.Ordinal))
        {
            error = $"--store redis=HOST:PORT needs a host and a port, such as redis=127.0.0.1:6379, not '{value}'.";
            return false;
        }

        if (!int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"--store redis=HOST:PORT needs a port from 1 to 65535, not '{endpoint[(colon + 1)..]}'.";
            return false;
        }

        choice = new LoginStoreChoice(endpoint);
        return true;
    }

    /// <summary>Says where the state lives, for the output.</summary>
    public override string ToString() => RedisEndpoint is null ? "memory" : "redis " + RedisEndpoint;

    /// <summary>Opens the store.</summary>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <returns>The store; dispose it to close its connection.</returns>
    /// <exception cref="LoginStateStoreException">Redis could not be reached.</exception>
    public async Task<OpenedStore> OpenAsync(CancellationToken cancellationToken)
    {
        if (RedisEndpoint is null)
        {
            return new OpenedStore(new InMemoryLoginStateStore(), null);
        }

        var redis = await RedisLoginStateStore.ConnectAsync(RedisEndpoint, cancellationToken: cancellationToken);
        return new OpenedStore(redis, redis);
    }

    /// <summary>A store and the connection to close after it.</summary>
    /// <param name="Store">The store.</param>
    /// <param name="Connection">What to dispose; <see langword="null"/> for memory.</param>
    internal sealed record OpenedStore(ILoginStateStore Store, IAsyncDisposable? Connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
