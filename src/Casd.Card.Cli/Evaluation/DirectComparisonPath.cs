using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Calls the card's matcher in-process, skipping the APDU transport, but with the card's own gates:
/// a template with fewer minutiae than the card accepts is refused (score 0, no match), as
/// CHANGE REFERENCE DATA and VERIFY would refuse it.
/// </summary>
internal sealed class DirectComparisonPath(IOnCardMatcher matcher, MatchSecurityLevel level) : IComparisonPath
{
    private readonly int _threshold = matcher.GetThreshold(level);

    public string Name => "direct";

    public ComparisonOutcome Compare(ComparisonPair pair)
    {
        if (!Acceptable(pair.Reference) || !Acceptable(pair.Probe))
        {
            return new ComparisonOutcome(0, false);
        }

        var score = matcher.Compare(pair.Reference.Compact, pair.Probe.Compact);
        return new ComparisonOutcome(score, score >= _threshold);
    }

    /// <summary>Whether the card accepts the template's minutia count.</summary>
    internal static bool Acceptable(FvcTemplate template) =>
        template.MinutiaCount is >= CasdCardInterface.MinMinutiae and <= CasdCardInterface.MaxMinutiae;
}
