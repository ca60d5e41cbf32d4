namespace Casd.Card.Cli.Evaluation;

/// <summary>One comparison of the FVC protocol: the reference is enrolled, the probe verified against it.</summary>
internal readonly record struct ComparisonPair(FvcTemplate Reference, FvcTemplate Probe, bool Genuine);
