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

    public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe) => Record(inner.Compare(reference, probe));

    public int GetPreparedReferenceLength(ReadOnlySpan<byte> reference) => inner.GetPreparedReferenceLength(reference);

    public int PrepareReference(ReadOnlySpan<byte> reference, Span<byte> prepared) => inner.PrepareReference(reference, prepared);

    public int ComparePrepared(ReadOnlySpan<byte> prepared, ReadOnlySpan<byte> probe) => Record(inner.ComparePrepared(prepared, probe));

    public int GetThreshold(MatchSecurityLevel level) => inner.GetThreshold(level);

    private int Record(int score)
    {
        LastScore = score;
        return score;
    }
}
