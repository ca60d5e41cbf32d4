namespace Casd.Card.Cli.Evaluation;

/// <summary>One labelled DET curve: a database's error rates under a protocol.</summary>
/// <param name="Label">The legend text, e.g. <c>DB1_B</c>.</param>
/// <param name="Rates">The error rates and their operating points.</param>
internal sealed record DetCurve(string Label, ErrorRates Rates);
