using System.Globalization;

namespace Casd.Card.Enrolment;

/// <summary>
/// The enrolment rules of the secure-data access centre, on a <see cref="TimeProvider"/>:
/// a full enrolment is valid for 4 years; within them a new project gets an express enrolment
/// that carries the original full-enrolment date; after them a full enrolment is required.
/// </summary>
/// <remarks>
/// <para>
/// The boundary, exactly: a full enrolment on date D is valid on every calendar day from D up to
/// and including the day before D + 4 years, and invalid from D + 4 years on. D + 4 years is the
/// same month and day four years later; for 29 February in a year whose fourth successor is not
/// a leap year (2096 → 2100) it is 28 February, as <see cref="DateOnly.AddYears(int)"/> defines,
/// so such an enrolment ends on 27 February 2100 and is never longer than 4 calendar years.
/// </para>
/// <para>
/// "Today" is the calendar date in the centre's time zone (by default the
/// <see cref="TimeProvider.LocalTimeZone"/>), so a login just after midnight local time uses the new
/// day even where UTC has not reached it yet.
/// </para>
/// </remarks>
public sealed class EnrolmentPolicy
{
    /// <summary>How long a full enrolment stays valid, in years.</summary>
    public const int ValidityYears = 4;

    private readonly TimeProvider _timeProvider;
    private readonly TimeZoneInfo _timeZone;

    /// <summary>Initializes the policy.</summary>
    /// <param name="timeProvider">The clock every date decision uses.</param>
    /// <param name="timeZone">The centre's time zone; <see cref="TimeProvider.LocalTimeZone"/> when <see langword="null"/>.</param>
    public EnrolmentPolicy(TimeProvider timeProvider, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _timeZone = timeZone ?? timeProvider.LocalTimeZone;
    }

    /// <summary>Gets today's date in the centre's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_timeProvider.GetUtcNow(), _timeZone).DateTime);

    /// <summary>Gets the first day on which a full enrolment is no longer valid.</summary>
    /// <param name="fullEnrolmentDate">The date of the full enrolment.</param>
    /// <returns>The full-enrolment date plus 4 years (28 February for a 29 February that has no counterpart).</returns>
    public static DateOnly GetExpiryDate(DateOnly fullEnrolmentDate) => fullEnrolmentDate.AddYears(ValidityYears);

    /// <summary>Gets the last day on which a full enrolment is valid.</summary>
    /// <param name="fullEnrolmentDate">The date of the full enrolment.</param>
    /// <returns>The day before <see cref="GetExpiryDate(DateOnly)"/>.</returns>
    public static DateOnly GetLastValidDate(DateOnly fullEnrolmentDate) => GetExpiryDate(fullEnrolmentDate).AddDays(-1);

    /// <summary>Decides whether a researcher's new card needs a full or an express enrolment.</summary>
    /// <param name="lastFullEnrolmentDate">The date of the researcher's last full enrolment, or <see langword="null"/> when they have none.</param>
    /// <returns>The procedure and the full-enrolment date the new card must carry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The last full enrolment is dated in the future.</exception>
    public EnrolmentDecision DecideEnrolment(DateOnly? lastFullEnrolmentDate)
    {
        var today = Today;
        if (lastFullEnrolmentDate is not { } last)
        {
            return Full(today, "no earlier full enrolment is known");
        }

        if (last > today)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lastFullEnrolmentDate),
                string.Format(CultureInfo.InvariantCulture, "The last full enrolment is dated {0:yyyy-MM-dd}, after today ({1:yyyy-MM-dd}); check the desk's records and clock.", last, today));
        }

        if (today < GetExpiryDate(last))
        {
            return new EnrolmentDecision(
                EnrolmentProcedure.Express,
                last,
                GetLastValidDate(last),
                string.Format(CultureInfo.InvariantCulture, "the full enrolment of {0:yyyy-MM-dd} is valid until {1:yyyy-MM-dd}", last, GetLastValidDate(last)));
        }

        return Full(today, string.Format(CultureInfo.InvariantCulture, "the full enrolment of {0:yyyy-MM-dd} expired on {1:yyyy-MM-dd}", last, GetExpiryDate(last)));
    }

    /// <summary>Checks that a card's enrolment allows a login today.</summary>
    /// <param name="fullEnrolmentDate">The full-enrolment date the card carries.</param>
    /// <param name="cardIssueDate">The date the card was issued.</param>
    /// <returns>Valid, or refused with the reason.</returns>
    public EnrolmentValidity CheckValidity(DateOnly fullEnrolmentDate, DateOnly cardIssueDate)
    {
        var today = Today;
        var lastValid = GetLastValidDate(fullEnrolmentDate);
        if (cardIssueDate < fullEnrolmentDate)
        {
            return Refused(lastValid, "the card was issued on {0:yyyy-MM-dd}, before the full enrolment of {1:yyyy-MM-dd} it claims to rely on", cardIssueDate, fullEnrolmentDate);
        }

        if (fullEnrolmentDate > today || cardIssueDate > today)
        {
            return Refused(lastValid, "the card's enrolment dates ({0:yyyy-MM-dd}, issued {1:yyyy-MM-dd}) lie in the future; check the clock", fullEnrolmentDate, cardIssueDate);
        }

        if (today > lastValid)
        {
            return Refused(lastValid, "the full enrolment of {0:yyyy-MM-dd} expired on {1:yyyy-MM-dd}; a new full enrolment is required", fullEnrolmentDate, GetExpiryDate(fullEnrolmentDate));
        }

        return new EnrolmentValidity(true, lastValid, string.Format(CultureInfo.InvariantCulture, "valid until {0:yyyy-MM-dd}", lastValid));
    }

    private static EnrolmentDecision Full(DateOnly today, string why) =>
        new(EnrolmentProcedure.Full, today, GetLastValidDate(today), why);

    private static EnrolmentValidity Refused(DateOnly lastValid, string format, DateOnly a, DateOnly b) =>
        new(false, lastValid, string.Format(CultureInfo.InvariantCulture, format, a, b));
}
