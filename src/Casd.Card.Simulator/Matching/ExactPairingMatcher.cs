using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// A protocol-test matcher: counts probe minutiae that equal a reference minutia exactly
/// (X, Y, type and angle), each reference minutia paired at most once. Deterministic,
/// integer-only and allocation-free; good for tests of the card protocol, not for real
/// fingerprints (the card's default is <see cref="ElasticMatcher"/>).
/// </summary>
public sealed class ExactPairingMatcher : IOnCardMatcher
{
    /// <summary>Gets the shared instance; the matcher holds no state.</summary>
    public static ExactPairingMatcher Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "exact-pairing";

    /// <inheritdoc/>
    public int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe)
    {
        // One bit of a ulong per reference minutia: at most 64.
        var referenceCount = CardMinutiae.Count(reference, 64);

        // One bit per reference minutia already paired: bounded memory, as on a card.
        ulong paired = 0;
        var score = 0;
        const int Length = CardMinutiae.MinutiaLength;
        for (var p = 0; p + Length <= probe.Length; p += Length)
        {
            for (var r = 0; r < referenceCount; r++)
            {
                var bit = 1UL << r;
                if ((paired & bit) == 0 && reference.Slice(r * Length, Length).SequenceEqual(probe.Slice(p, Length)))
                {
                    paired |= bit;
                    score++;
                    break;
                }
            }
        }

        return score;
    }

    /// <inheritdoc/>
    public int GetThreshold(MatchSecurityLevel level) => level switch
    {
        MatchSecurityLevel.FalseMatchRate1In1000 => 8,
        MatchSecurityLevel.FalseMatchRate1In100000 => 12,
        _ => 10,
    };
}
