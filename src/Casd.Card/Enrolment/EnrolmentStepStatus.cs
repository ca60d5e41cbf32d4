namespace Casd.Card.Enrolment;

/// <summary>What the card shows of one personalisation step.</summary>
public enum EnrolmentStepStatus
{
    /// <summary>Nothing of the step is on the card.</summary>
    NotDone = 0,

    /// <summary>Part of the step is on the card (for example a key pair without its certificate, or holder data without the enrolment record).</summary>
    Partial = 1,

    /// <summary>The step's result is complete on the card.</summary>
    Done = 2,
}
