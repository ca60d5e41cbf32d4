namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// The comparisons of a template set under an <see cref="EvaluationProtocol"/>. Genuine: every pair of
/// impressions of the same finger (both protocols). Impostor: every pair of impressions of different
/// fingers (all pairs), or the first impression of each finger against the first impression of every
/// other finger (FVC). Each unordered pair once, the earlier file (finger, then impression) as the reference.
/// </summary>
internal static class FvcProtocol
{
    /// <summary>Lists the comparisons, in file order.</summary>
    /// <param name="templates">The templates ordered by finger then impression.</param>
    /// <param name="protocol">Which impostor comparisons to include.</param>
    /// <returns>The pairs.</returns>
    public static IReadOnlyList<ComparisonPair> Pairs(IReadOnlyList<FvcTemplate> templates, EvaluationProtocol protocol = EvaluationProtocol.AllPairs)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var firstImpression = new Dictionary<int, int>();
        foreach (var t in templates)
        {
            firstImpression[t.Finger] = Math.Min(firstImpression.GetValueOrDefault(t.Finger, int.MaxValue), t.Impression);
        }

        var pairs = new List<ComparisonPair>();
        for (var a = 0; a < templates.Count; a++)
        {
            for (var b = a + 1; b < templates.Count; b++)
            {
                var genuine = templates[a].Finger == templates[b].Finger;
                if (genuine || protocol == EvaluationProtocol.AllPairs
                    || (templates[a].Impression == firstImpression[templates[a].Finger] && templates[b].Impression == firstImpression[templates[b].Finger]))
                {
                    pairs.Add(new ComparisonPair(templates[a], templates[b], genuine));
                }
            }
        }

        return pairs;
    }
}
