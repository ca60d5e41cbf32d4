namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// The FVC comparison protocol: genuine = every pair of impressions of the same finger, impostor =
/// every pair of impressions of different fingers; each unordered pair once, the earlier file
/// (finger, then impression) as the reference.
/// </summary>
internal static class FvcProtocol
{
    /// <summary>Lists the comparisons of a template set, genuine and impostor interleaved in file order.</summary>
    /// <param name="templates">The templates ordered by finger then impression.</param>
    /// <returns>The pairs.</returns>
    public static IEnumerable<ComparisonPair> Pairs(IReadOnlyList<FvcTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        for (var a = 0; a < templates.Count; a++)
        {
            for (var b = a + 1; b < templates.Count; b++)
            {
                yield return new ComparisonPair(templates[a], templates[b], templates[a].Finger == templates[b].Finger);
            }
        }
    }

    /// <summary>Counts the comparisons without listing them.</summary>
    /// <param name="templates">The templates.</param>
    /// <returns>The total count.</returns>
    public static long Count(IReadOnlyList<FvcTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return (long)templates.Count * (templates.Count - 1) / 2;
    }
}
