using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Casd.Card.Testing;

/// <summary>
/// The Redis server the tests may use: <c>CASD_REDIS=host:port</c> (.ci/run starts one on
/// 127.0.0.1:6391 and sets it). When it is unset or does not answer PING, a test that needs it
/// skips with the reason on a developer's machine and fails under CI=true
/// (<see cref="TestRequirements.SkipOrFail"/>). Tests write only keys of their own (random
/// challenges, serials and prefixes), so they may share the server and run in parallel.
/// </summary>
/// <remarks>Linked into the CLI tests too; a bare socket PING, so it needs no Redis client.</remarks>
internal static class RedisEnvironment
{
    public const string Variable = "CASD_REDIS";

    private static readonly Lazy<string?> MissingReason = new(Probe);

    /// <summary>The configured <c>host:port</c> once it answered PING; skips (or fails under CI) otherwise.</summary>
    public static string Require()
    {
        TestRequirements.SkipOrFail(MissingReason.Value);
        return Environment.GetEnvironmentVariable(Variable)!;
    }

    private static string? Probe()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        const string how = "start one with 'redis-server --port 6392 --bind 127.0.0.1 --save \"\" --appendonly no --daemonize yes' and set CASD_REDIS=127.0.0.1:6392 (.ci/run does this)";
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return $"{Variable} is not set, so there is no Redis to test against: {how}";
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return $"{Variable}='{endpoint}' is not host:port";
        }

        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(endpoint[..colon], port).Wait(TimeSpan.FromSeconds(3)))
            {
                return $"Redis at {endpoint} ({Variable}) did not accept a connection within 3 s: {how}";
            }

            client.ReceiveTimeout = 3000;
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var answer = new byte[64];
            var read = stream.Read(answer);
            var text = Encoding.ASCII.GetString(answer, 0, read);
            return text.StartsWith("+PONG", StringComparison.Ordinal) ? null : $"the server at {endpoint} ({Variable}) answered '{text.Trim()}' to PING, not +PONG";
        }
        catch (Exception ex) when (ex is SocketException or IOException or AggregateException)
        {
            return $"Redis at {endpoint} ({Variable}) is unreachable ({ex.GetBaseException().Message}): {how}";
        }
    }
}
