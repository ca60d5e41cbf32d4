using Casd.Card.Reliability.Soak;

namespace Casd.Card.ReliabilityTests;

/// <summary>
/// The soak at CI scale (the 100,000-operation run is made by hand, docs/reliability.md): logins and
/// enrolments on in-process cards under random faults, every card left blank, resumable or issued
/// and logging in, no retry counter rising without a match, no signature counter going back.
/// </summary>
public sealed class SoakTests
{
    [Fact]
    public async Task Logins_and_enrolments_under_random_faults_leave_every_card_consistent()
    {
        using var runner = new SoakRunner(new SoakOptions { Seed = 16, Iterations = 300, Cards = 6 });
        var report = await runner.RunAsync(TestContext.Current.CancellationToken);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(300, report.Iterations);
        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.True(report.Faults[kind] > 0, $"no {kind} fault was injected: {report}"));
        Assert.True(report.LoginsAccepted > 100, report.ToString());
        Assert.True(report.EnrolmentsIssued >= 6, report.ToString());
    }
}
