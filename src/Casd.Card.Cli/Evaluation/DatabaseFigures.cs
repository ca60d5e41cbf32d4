namespace Casd.Card.Cli.Evaluation;

/// <summary>One database's error rates under one set of tolerances.</summary>
/// <param name="Database">The database's folder name.</param>
/// <param name="Rates">The error rates (all-pairs protocol).</param>
internal sealed record DatabaseFigures(string Database, ErrorRates Rates);
