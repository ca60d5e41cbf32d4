namespace Casd.Card.Simulator.Vpcd;

/// <summary>Where the vpcd reader driver listens and how the client reconnects.</summary>
public sealed record VpcdClientOptions
{
    /// <summary>The port of the first vpcd reader ('Virtual PCD 00 00'); the second listens on 35964.</summary>
    public const int DefaultPort = 35963;

    /// <summary>Gets the host pcscd runs on (default 127.0.0.1).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Gets the TCP port of the vpcd reader slot (default 35963).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Gets the first delay before reconnecting when pcscd is absent or went away (default 100 ms); it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the longest delay between reconnection attempts (default 2 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);
}
