using Casd.Card.Biometrics;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>Wraps the card's matcher to note the last score it gave, since VERIFY only answers with a status word.</summary>
internal sealed class RecordingMatcher(IOnCardMatcher inner) : IOnCardMatcher
{
    public string Name => inner.Name;

    /// <summary>Gets the score of the last comparison, or null when none ran since <see cref="Forget"/>.</summary>
    public int? LastScore { get; private set; }

    public void Forget() => LastScore = null;

    public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
    {
        var score = inner.Compare(reference, probe);
        LastScore = score;
        return score;
    }

    public int GetThreshold(MatchSecurityLevel level) => inner.GetThreshold(level);
}
