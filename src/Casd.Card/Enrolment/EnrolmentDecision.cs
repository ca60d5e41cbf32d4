namespace Casd.Card.Enrolment;

/// <summary>What the enrolment desk must do for a researcher's new card.</summary>
/// <param name="Procedure">Full or express enrolment.</param>
/// <param name="FullEnrolmentDate">The full-enrolment date the new card carries: today for a full enrolment, the original date for an express one.</param>
/// <param name="ValidUntil">The last day the new card's enrolment is valid.</param>
/// <param name="Reason">Why, in one sentence for the desk operator.</param>
public sealed record EnrolmentDecision(EnrolmentProcedure Procedure, DateOnly FullEnrolmentDate, DateOnly ValidUntil, string Reason);
