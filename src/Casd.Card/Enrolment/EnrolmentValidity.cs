namespace Casd.Card.Enrolment;

/// <summary>Whether a card's enrolment allows a login today, and why not when it does not.</summary>
/// <param name="IsValid">Whether the enrolment is valid today.</param>
/// <param name="ValidUntil">The last valid day of the full enrolment the card relies on.</param>
/// <param name="Reason">A clear sentence: why the card is refused, or until when it is valid.</param>
public sealed record EnrolmentValidity(bool IsValid, DateOnly ValidUntil, string Reason);
