namespace Casd.Card.Enrolment;

/// <summary>One progress report of <see cref="EnrolmentDesk.EnrolAsync"/>.</summary>
/// <param name="Step">The step.</param>
/// <param name="State">Started, completed, already done, or failed.</param>
/// <param name="Detail">One line for the operator; never biometric values.</param>
public sealed record EnrolmentProgress(EnrolmentStep Step, EnrolmentStepState State, string Detail);
