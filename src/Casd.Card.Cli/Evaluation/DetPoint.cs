namespace Casd.Card.Cli.Evaluation;

/// <summary>One operating point: at this threshold (score ≥ threshold is a match), the two error rates as fractions.</summary>
internal readonly record struct DetPoint(int Threshold, double FalseMatchRate, double FalseNonMatchRate);
