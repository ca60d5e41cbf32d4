namespace Casd.Card.Enrolment;

/// <summary>Where a step stands in a run, as reported through <see cref="IProgress{T}"/>.</summary>
public enum EnrolmentStepState
{
    /// <summary>The step started.</summary>
    Started = 0,

    /// <summary>The step finished.</summary>
    Completed = 1,

    /// <summary>The card already held what the step would write (a resumed run).</summary>
    AlreadyDone = 2,

    /// <summary>The step failed; the run stops.</summary>
    Failed = 3,
}
