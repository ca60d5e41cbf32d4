namespace Casd.Card.Reliability.Soak;

/// <summary>What one soak run does.</summary>
internal sealed record SoakOptions
{
    /// <summary>Gets the seed of every random choice (card, operation, fault, probe).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the number of operations (a login or an enrolment each).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Gets the number of cards in play, each in its own reader.</summary>
    public int Cards { get; init; } = 8;

    /// <summary>Gets the share of operations run under a fault.</summary>
    public double FaultRate { get; init; } = 0.3;

    /// <summary>Gets the share of logins made with another finger (they cost a try).</summary>
    public double ImpostorRate { get; init; } = 0.08;

    /// <summary>Gets the share of logins after which the issued card is retired for a blank one (more enrolments).</summary>
    public double NewCardRate { get; init; } = 0.05;

    /// <summary>Gets where progress lines go, or <see langword="null"/> for none.</summary>
    public TextWriter? Progress { get; init; }
}
