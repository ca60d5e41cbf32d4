using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The card's comparison algorithm: scores a probe against a reference, both in the ISO compact
/// card format (3 bytes a minutia, as carried in tag '81' of '7F2E'), and says which score is a
/// match at each security level. Implementations must be deterministic, use integer arithmetic
/// and bounded memory, and hold no state between calls, as a card's would.
/// </summary>
public interface IOnCardMatcher
{
    /// <summary>Gets a short name for traces and the evaluation report.</summary>
    string Name { get; }

    /// <summary>Compares a probe with a reference.</summary>
    /// <param name="reference">The enrolled minutiae, 3 bytes each.</param>
    /// <param name="probe">The fresh capture's minutiae, 3 bytes each.</param>
    /// <returns>A similarity score: higher means more alike; 0 for nothing in common.</returns>
    int Compare(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> probe);

    /// <summary>Gets the lowest score that counts as a match at a security level.</summary>
    /// <param name="level">The false-match rate the issuer chose.</param>
    /// <returns>The decision threshold.</returns>
    int GetThreshold(MatchSecurityLevel level);
}
