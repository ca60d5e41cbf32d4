using Casd.Card.Enrolment;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

public class EnrolmentPolicyTests
{
    private static EnrolmentPolicy At(string utc, TimeZoneInfo? zone = null) =>
        new(new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)), zone ?? TimeZoneInfo.Utc);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-15", "2030-03-14")]
    [InlineData("2028-02-29", "2032-02-28")]
    [InlineData("2096-02-29", "2100-02-27")]
    [InlineData("2027-12-31", "2031-12-30")]
    public void The_last_valid_day_is_the_day_before_the_fourth_anniversary(string full, string lastValid) =>
        Assert.Equal(D(lastValid), EnrolmentPolicy.GetLastValidDate(D(full)));

    [Fact]
    public void A_29_February_enrolment_expires_on_28_February_when_the_anniversary_year_has_none() =>
        Assert.Equal(D("2100-02-28"), EnrolmentPolicy.GetExpiryDate(D("2096-02-29")));

    [Theory]
    [InlineData("2030-03-14T23:59:59Z", true)]
    [InlineData("2030-03-15T00:00:00Z", false)]
    public void A_card_is_valid_through_the_last_day_and_refused_from_the_anniversary(string now, bool valid)
    {
        var result = At(now).CheckValidity(D("2026-03-15"), D("2026-03-15"));
        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Contains("expired on 2030-03-15; a new full enrolment is required", result.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2032-02-28T12:00:00Z", true)]
    [InlineData("2032-02-29T00:00:00Z", false)]
    public void A_leap_day_enrolment_in_a_leap_anniversary_year(string now, bool valid) =>
        Assert.Equal(valid, At(now).CheckValidity(D("2028-02-29"), D("2028-02-29")).IsValid);

    [Fact]
    public void The_day_is_taken_in_the_centre_s_time_zone()
    {
        // 23:30 UTC on the last valid day is already the anniversary in Paris (UTC+1 in March).
        var paris = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");
        Assert.True(At("2030-03-14T22:30:00Z", TimeZoneInfo.Utc).CheckValidity(D("2026-03-15"), D("2026-03-15")).IsValid);
        Assert.False(At("2030-03-14T23:30:00Z", paris).CheckValidity(D("2026-03-15"), D("2026-03-15")).IsValid);
    }

    [Fact]
    public void No_earlier_enrolment_means_a_full_one_dated_today()
    {
        var decision = At("2026-11-28T10:00:00Z").DecideEnrolment(null);
        Assert.Equal(EnrolmentProcedure.Full, decision.Procedure);
        Assert.Equal(D("2026-11-28"), decision.FullEnrolmentDate);
        Assert.Equal(D("2030-11-27"), decision.ValidUntil);
    }

    [Fact]
    public void A_new_project_within_the_validity_gets_an_express_enrolment_carrying_the_original_date()
    {
        var decision = At("2029-06-01T10:00:00Z").DecideEnrolment(D("2026-03-15"));
        Assert.Equal(EnrolmentProcedure.Express, decision.Procedure);
        Assert.Equal(D("2026-03-15"), decision.FullEnrolmentDate);
        Assert.Equal(D("2030-03-14"), decision.ValidUntil);
    }

    [Theory]
    [InlineData("2030-03-14T10:00:00Z", EnrolmentProcedure.Express)]
    [InlineData("2030-03-15T00:00:00Z", EnrolmentProcedure.Full)]
    public void At_the_boundary_express_turns_into_full(string now, EnrolmentProcedure expected) =>
        Assert.Equal(expected, At(now).DecideEnrolment(D("2026-03-15")).Procedure);

    [Fact]
    public void After_the_validity_a_full_enrolment_restarts_the_period()
    {
        var decision = At("2031-01-10T10:00:00Z").DecideEnrolment(D("2026-03-15"));
        Assert.Equal(EnrolmentProcedure.Full, decision.Procedure);
        Assert.Equal(D("2031-01-10"), decision.FullEnrolmentDate);
        Assert.Contains("expired on 2030-03-15", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_future_full_enrolment_date_is_refused_clearly()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => At("2026-11-28T10:00:00Z").DecideEnrolment(D("2027-01-01")));
        Assert.Contains("after today", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_issued_before_the_enrolment_it_relies_on_is_refused()
    {
        var result = At("2027-01-01T10:00:00Z").CheckValidity(D("2026-06-01"), D("2026-05-01"));
        Assert.False(result.IsValid);
        Assert.Contains("before the full enrolment", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_in_the_future_are_refused()
    {
        var result = At("2026-01-01T10:00:00Z").CheckValidity(D("2026-06-01"), D("2026-06-01"));
        Assert.False(result.IsValid);
        Assert.Contains("future", result.Reason, StringComparison.Ordinal);
    }
}
