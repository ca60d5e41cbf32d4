namespace Casd.Card.Biometrics;

/// <summary>Why the enrolment quality gate refused a finger.</summary>
public enum EnrolmentRefusalReason
{
    /// <summary>Accepted: no refusal.</summary>
    None = 0,

    /// <summary>The record has no view to enrol.</summary>
    NoView,

    /// <summary>The view's finger position is not one finger (codes 1 to 10 and 0 for unknown are accepted).</summary>
    InvalidFingerPosition,

    /// <summary>The same finger position is enrolled twice.</summary>
    SameFingerTwice,

    /// <summary>Fewer minutiae than the card's BIT demands remain after conversion.</summary>
    TooFewMinutiae,

    /// <summary>Two minutiae coincide in position, direction and type after conversion.</summary>
    DuplicateMinutiae,

    /// <summary>The minutiae are crowded in a spot or on a line, so they cannot describe a finger.</summary>
    DegenerateMinutiae,
}
