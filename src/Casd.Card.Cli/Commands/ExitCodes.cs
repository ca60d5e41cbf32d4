namespace Casd.Card.Cli.Commands;

/// <summary>The process exit codes of casd-card (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything behaved as expected.</summary>
    public const int Success = 0;

    /// <summary>The operation ran and failed (a card refused, a verification did not match, a demo step misbehaved).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>No card source: the PC/SC service is not running, no reader, or no card.</summary>
    public const int NoCard = 3;

    /// <summary>Cancelled by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
