namespace Casd.Card.Cli.Evaluation;

/// <summary>Which comparisons an evaluation runs (docs/accuracy.md).</summary>
internal enum EvaluationProtocol
{
    /// <summary>Genuine: every pair of impressions of a finger; impostor: every pair of impressions of different fingers (most statistical resolution).</summary>
    AllPairs,

    /// <summary>FVC's protocol: the same genuine pairs; impostor: the first impression of each finger against the first impression of every other finger.</summary>
    Fvc,
}
