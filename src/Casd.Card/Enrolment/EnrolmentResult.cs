using Casd.Card.Biometrics;

namespace Casd.Card.Enrolment;

/// <summary>The result of a personalisation run.</summary>
/// <param name="Outcome">Issued, or why not.</param>
/// <param name="CardSerial">The card.</param>
/// <param name="Decision">The policy's decision (full or express, dates).</param>
/// <param name="Message">One line for the operator saying what happened and what to do.</param>
public sealed record EnrolmentResult(EnrolmentOutcome Outcome, string CardSerial, EnrolmentDecision Decision, string Message)
{
    /// <summary>Gets whether the card was issued.</summary>
    public bool IsIssued => Outcome == EnrolmentOutcome.Issued;

    /// <summary>Gets the quality verdict of a rejected finger.</summary>
    public EnrolmentQualityResult? FingerRejection { get; init; }

    /// <summary>Gets the result of the connection test, when it ran.</summary>
    public VerificationResult? ConnectionTest { get; init; }

    /// <summary>Gets the installed card certificate chain (DER, card certificate first).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>Gets the server-side verdict on the connection test's login, when the card signed.</summary>
    public RemoteAccess.LoginVerificationResult? ConnectionTestVerdict { get; init; }
}
