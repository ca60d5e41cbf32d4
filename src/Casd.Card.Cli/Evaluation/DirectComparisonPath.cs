using System.Collections.Concurrent;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Calls the card's matcher in-process, skipping the APDU transport, but the way the card does: each
/// reference is prepared once, as at enrolment, and every probe is compared with the prepared form;
/// a template with fewer or more minutiae than the card accepts is refused (score 0, no match), as
/// CHANGE REFERENCE DATA and VERIFY would refuse it. Safe to call from several threads.
/// </summary>
internal sealed class DirectComparisonPath(IOnCardMatcher matcher, MatchSecurityLevel level) : IComparisonPath
{
    private readonly int _threshold = matcher.GetThreshold(level);
    private readonly ConcurrentDictionary<FvcTemplate, byte[]> _prepared = new(ReferenceEqualityComparer.Instance);

    public string Name => "direct";

    public ComparisonOutcome Compare(ComparisonPair pair)
    {
        if (!Acceptable(pair.Reference) || !Acceptable(pair.Probe))
        {
            return new ComparisonOutcome(0, false);
        }

        var prepared = _prepared.GetOrAdd(pair.Reference, Prepare, matcher);
        var score = matcher.ComparePrepared(prepared, pair.Probe.Compact);
        return new ComparisonOutcome(score, score >= _threshold);
    }

    /// <summary>Whether the card accepts the template's minutia count.</summary>
    internal static bool Acceptable(FvcTemplate template) =>
        template.MinutiaCount is >= CasdCardInterface.MinMinutiae and <= CasdCardInterface.MaxMinutiae;

    private static byte[] Prepare(FvcTemplate reference, IOnCardMatcher matcher)
    {
        var prepared = new byte[matcher.GetPreparedReferenceLength(reference.Compact)];
        var written = matcher.PrepareReference(reference.Compact, prepared);
        return prepared[..written];
    }
}
