namespace Casd.Card.Cli.Commands;

/// <summary>Raised by a command when its arguments are wrong; the registry prints the message and the usage, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
