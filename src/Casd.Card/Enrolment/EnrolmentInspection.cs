using Casd.Card.Interface;

namespace Casd.Card.Enrolment;

/// <summary>What personalisation a card holds: which steps are done, which half-done.</summary>
/// <param name="CardSerial">The card.</param>
/// <param name="Lifecycle">The lifecycle state.</param>
/// <param name="Steps">The state of steps 3 to 7 on the card.</param>
/// <param name="Holder">The holder written, if any.</param>
/// <param name="Project">The project written, if any.</param>
/// <param name="Enrolment">The enrolment record written, if any.</param>
/// <param name="EnrolledFingers">The enrolled finger references.</param>
public sealed record EnrolmentInspection(
    string CardSerial,
    CardLifecycleState Lifecycle,
    IReadOnlyDictionary<EnrolmentStep, EnrolmentStepStatus> Steps,
    HolderIdentity? Holder,
    ProjectInfo? Project,
    EnrolmentRecord? Enrolment,
    IReadOnlyList<FingerReference> EnrolledFingers)
{
    /// <summary>Gets whether the card is issued.</summary>
    public bool IsIssued => Lifecycle == CardLifecycleState.Issued;

    /// <summary>Gets whether the card is in personalisation with some steps written: a run was interrupted.</summary>
    public bool IsInterrupted => Lifecycle == CardLifecycleState.Personalisation && Steps.Values.Any(s => s != EnrolmentStepStatus.NotDone);

    /// <summary>Gets whether the card is blank (personalisation state, nothing written).</summary>
    public bool IsBlank => Lifecycle == CardLifecycleState.Personalisation && Steps.Values.All(s => s == EnrolmentStepStatus.NotDone);
}
