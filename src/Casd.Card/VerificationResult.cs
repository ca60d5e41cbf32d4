using System.Globalization;
using Casd.Card.Interface;

namespace Casd.Card;

/// <summary>The result of <see cref="CasdCard.VerifyAsync(Biometrics.CompactCardTemplate, bool, CancellationToken)"/>.</summary>
/// <param name="Outcome">Match, no match, blocked, or template rejected.</param>
/// <param name="Reference">The finger reference that matched or was tried last; <see langword="null"/> when none was tried.</param>
/// <param name="RetriesLeft">For <see cref="VerificationOutcome.NoMatch"/>: the tries left on <paramref name="Reference"/>.</param>
/// <param name="Reason">For <see cref="VerificationOutcome.TemplateRejected"/>: why; never template values.</param>
public sealed record VerificationResult(VerificationOutcome Outcome, FingerReference? Reference, int RetriesLeft, string? Reason)
{
    /// <summary>Gets whether the card matched.</summary>
    public bool IsMatch => Outcome == VerificationOutcome.Match;

    private string FingerNumber => Reference == FingerReference.Secondary ? "2" : "1";

    /// <summary>A match on a reference.</summary>
    /// <param name="reference">The reference that matched.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Match(FingerReference reference) => new(VerificationOutcome.Match, reference, CasdCardInterface.MaxRetries, null);

    /// <summary>No match.</summary>
    /// <param name="reference">The reference tried last.</param>
    /// <param name="retriesLeft">Its tries left.</param>
    /// <returns>The result.</returns>
    public static VerificationResult NoMatch(FingerReference reference, int retriesLeft) => new(VerificationOutcome.NoMatch, reference, retriesLeft, null);

    /// <summary>Blocked.</summary>
    /// <param name="reference">The blocked reference tried last.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Blocked(FingerReference reference) => new(VerificationOutcome.Blocked, reference, 0, null);

    /// <summary>The capture was refused before or by the card.</summary>
    /// <param name="reference">The reference concerned, if any.</param>
    /// <param name="reason">Why, for the user.</param>
    /// <returns>The result.</returns>
    public static VerificationResult TemplateRejected(FingerReference? reference, string reason) => new(VerificationOutcome.TemplateRejected, reference, 0, reason);

    /// <summary>The result a VERIFY answer stands for, by the command's status-word map (<see cref="VerifyResponse"/>).</summary>
    /// <param name="reference">The finger the probe was compared with.</param>
    /// <param name="response">The card's answer.</param>
    /// <returns>The result, or <see langword="null"/> when the answer has no outcome (the caller raises its status word).</returns>
    internal static VerificationResult? From(FingerReference reference, VerifyResponse response) => response.Outcome switch
    {
        VerificationOutcome.Match => Match(reference),
        VerificationOutcome.NoMatch => NoMatch(reference, response.RetriesLeft),
        VerificationOutcome.Blocked => Blocked(reference),
        VerificationOutcome.TemplateRejected => TemplateRejected(reference, "the card refused the capture's format"),
        _ => null,
    };

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        VerificationOutcome.Match => "match on finger " + FingerNumber,
        VerificationOutcome.NoMatch => string.Format(CultureInfo.InvariantCulture, "no match ({0} tries left on finger {1})", RetriesLeft, FingerNumber),
        VerificationOutcome.Blocked => "blocked: the finger references are blocked; the enrolment desk must reset them",
        _ => "capture rejected: " + Reason,
    };
}
