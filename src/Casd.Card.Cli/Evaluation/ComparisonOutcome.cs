namespace Casd.Card.Cli.Evaluation;

/// <summary>What one comparison gave: the matcher's score (0 when the card refused a template) and the card's decision.</summary>
internal readonly record struct ComparisonOutcome(int Score, bool Matched);
