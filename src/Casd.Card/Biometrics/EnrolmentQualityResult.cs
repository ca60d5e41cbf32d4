namespace Casd.Card.Biometrics;

/// <summary>The verdict of the enrolment quality gate.</summary>
/// <param name="Reason"><see cref="EnrolmentRefusalReason.None"/> when accepted, else why not.</param>
/// <param name="Message">One sentence for the desk operator; never minutia values.</param>
public sealed record EnrolmentQualityResult(EnrolmentRefusalReason Reason, string Message)
{
    /// <summary>Gets the accepted verdict.</summary>
    public static EnrolmentQualityResult Accepted { get; } = new(EnrolmentRefusalReason.None, "accepted");

    /// <summary>Gets whether the finger may be enrolled.</summary>
    public bool IsAccepted => Reason == EnrolmentRefusalReason.None;
}
