namespace Casd.Card.Redis;

/// <summary>
/// The shared login state (Redis) could not be read or written: the server is unreachable, timed
/// out, or answered with an error. The message names the server and what to do. A verifier that
/// gets this refuses the login (fail closed); the challenge or counter is in an unknown state.
/// </summary>
/// <remarks>Thrown instead of StackExchange.Redis's own exceptions, which are its inner exception.</remarks>
public sealed class LoginStateStoreException : Exception
{
    /// <summary>Initializes the exception with a generic message.</summary>
    public LoginStateStoreException()
        : base("The login state store failed.")
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed, on which server, and what to do.</param>
    public LoginStateStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed, on which server, and what to do.</param>
    /// <param name="innerException">The client library's exception.</param>
    public LoginStateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception for a server.</summary>
    /// <param name="message">What failed, on which server, and what to do.</param>
    /// <param name="server">The server or servers, as "host:port".</param>
    /// <param name="innerException">The client library's exception.</param>
    public LoginStateStoreException(string message, string server, Exception? innerException)
        : base(message, innerException)
    {
        Server = server;
    }

    /// <summary>Gets the Redis server or servers that failed, as "host:port" (comma-separated); never a password.</summary>
    public string? Server { get; }
}
