namespace Casd.Card.Cli.CardSources;

/// <summary>No card can be reached from the requested source; the message says how to get one.</summary>
internal sealed class CardSourceException : Exception
{
    public CardSourceException()
    {
    }

    public CardSourceException(string message)
        : base(message)
    {
    }

    public CardSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
