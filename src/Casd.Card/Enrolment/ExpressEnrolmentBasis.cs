using Casd.Card.Interface;

namespace Casd.Card.Enrolment;

/// <summary>
/// What a researcher's current card proves for an express enrolment (<see cref="EnrolmentDesk.ReadExpressBasisAsync"/>):
/// the holder, and the kind and date of the full enrolment the card relies on, from its signed statement.
/// </summary>
/// <param name="Holder">The holder identity read from the current card inside its secure session.</param>
/// <param name="Kind">The kind of the full enrolment (signed).</param>
/// <param name="FullEnrolmentDate">The date of the full enrolment (signed).</param>
/// <param name="CardSerial">The current card's serial.</param>
/// <param name="ProjectCode">The current card's project.</param>
public sealed record ExpressEnrolmentBasis(HolderIdentity Holder, EnrolmentKind Kind, DateOnly FullEnrolmentDate, string CardSerial, string ProjectCode)
{
    /// <summary>
    /// Builds the request for the new card. An express enrolment needs a full enrolment of the same
    /// kind: the training of a standard and of a health-data session differ, so a new project of the
    /// other kind gets a full enrolment (the request carries no earlier full-enrolment date then).
    /// </summary>
    /// <param name="project">The new project.</param>
    /// <param name="kind">The new project's enrolment kind.</param>
    /// <param name="generalConditionsVersion">The version of the general conditions signed for it.</param>
    /// <param name="fingerRecords">The fingers to enrol on the new card.</param>
    /// <param name="connectionTestRecord">A fresh capture for the connection test.</param>
    /// <returns>The request.</returns>
    public EnrolmentRequest ToRequest(ProjectInfo project, EnrolmentKind kind, string generalConditionsVersion, IReadOnlyList<ReadOnlyMemory<byte>> fingerRecords, ReadOnlyMemory<byte> connectionTestRecord) =>
        new(Holder, project, kind, kind == Kind ? FullEnrolmentDate : null, generalConditionsVersion, fingerRecords, connectionTestRecord);
}
