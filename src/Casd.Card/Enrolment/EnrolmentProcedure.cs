namespace Casd.Card.Enrolment;

/// <summary>Which enrolment session a researcher goes through for a new card.</summary>
public enum EnrolmentProcedure
{
    /// <summary>The full enrolment, with training; it starts a new 4-year validity period.</summary>
    Full = 0,

    /// <summary>
    /// The express enrolment for a new project within a full enrolment's validity: a new card,
    /// no training, carrying the date of the full enrolment it relies on.
    /// </summary>
    Express = 1,
}
