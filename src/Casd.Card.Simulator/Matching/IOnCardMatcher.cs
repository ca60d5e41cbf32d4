using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The card's comparison algorithm: scores a probe against a reference, both in the ISO compact
/// card format (3 bytes a minutia, as carried in tag '81' of '7F2E'), and says which score is a
/// match at each security level. Implementations must be deterministic, use integer arithmetic
/// and bounded memory, and hold no state between calls, as a card's would. A matcher may keep a
/// prepared form of the reference (its local structures, computed once at enrolment) instead of the
/// template: the card stores what <see cref="PrepareReference"/> writes and compares with
/// <see cref="ComparePrepared"/>; by default the prepared form is the template itself.
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

    /// <summary>Gets how many bytes <see cref="PrepareReference"/> writes for a reference.</summary>
    /// <param name="reference">The enrolled minutiae, 3 bytes each.</param>
    /// <returns>The length of the prepared form.</returns>
    int GetPreparedReferenceLength(ReadOnlySpan<byte> reference) => reference.Length;

    /// <summary>Computes, at enrolment, the form of the reference the card stores and compares probes with.</summary>
    /// <param name="reference">The enrolled minutiae, 3 bytes each.</param>
    /// <param name="prepared">Receives the prepared form; at least <see cref="GetPreparedReferenceLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    int PrepareReference(ReadOnlySpan<byte> reference, Span<byte> prepared)
    {
        reference.CopyTo(prepared);
        return reference.Length;
    }

    /// <summary>Compares a probe with a reference prepared by <see cref="PrepareReference"/>; gives the same score as <see cref="Compare"/> on the template.</summary>
    /// <param name="prepared">The prepared reference.</param>
    /// <param name="probe">The fresh capture's minutiae, 3 bytes each.</param>
    /// <returns>A similarity score: higher means more alike; 0 for nothing in common or a prepared form this matcher does not recognise.</returns>
    int ComparePrepared(ReadOnlySpan<byte> prepared, ReadOnlySpan<byte> probe) => Compare(prepared, probe);

    /// <summary>Gets the lowest score that counts as a match at a security level.</summary>
    /// <param name="level">The false-match rate the issuer chose.</param>
    /// <returns>The decision threshold.</returns>
    int GetThreshold(MatchSecurityLevel level);
}
