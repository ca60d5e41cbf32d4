namespace Casd.Card.Cli.Evaluation;

/// <summary>How the evaluation reaches the card's matcher: directly, or through the simulated card's APDUs.</summary>
internal interface IComparisonPath
{
    /// <summary>Gets a short name for the report.</summary>
    string Name { get; }

    /// <summary>Enrols the reference and verifies the probe against it.</summary>
    /// <param name="pair">The comparison.</param>
    /// <returns>The score and the card's decision at the enrolled security level.</returns>
    ComparisonOutcome Compare(ComparisonPair pair);
}
