using System.Globalization;
using System.Text;

namespace Casd.Card.Reliability.Soak;

/// <summary>The figures of a soak run; every list of violations must be empty.</summary>
internal sealed class SoakReport
{
    public int Iterations { get; set; }

    public int Logins { get; set; }

    public int LoginsAccepted { get; set; }

    public int Enrolments { get; set; }

    public int EnrolmentsIssued { get; set; }

    public int DeskResets { get; set; }

    public Dictionary<FaultKind, int> Faults { get; } = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);

    /// <summary>Gets the typed exceptions the operations ended with, by type: the expected way to fail under a fault.</summary>
    public SortedDictionary<string, int> TypedFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets exceptions that are no CardException, or failures without any fault: each is a defect.</summary>
    public List<string> UntypedFailures { get; } = [];

    /// <summary>Gets cards found neither blank, nor interrupted and resumable, nor issued and logging in.</summary>
    public List<string> InconsistentCards { get; } = [];

    /// <summary>Gets retry counters that rose without a match or a desk reset.</summary>
    public List<string> RetryViolations { get; } = [];

    /// <summary>Gets signature counters that did not rise.</summary>
    public List<string> CounterViolations { get; } = [];

    public long GcHeapStart { get; set; }

    public long GcHeapWarm { get; set; }

    public long GcHeapEnd { get; set; }

    public long WorkingSetStart { get; set; }

    public long WorkingSetWarm { get; set; }

    public long WorkingSetEnd { get; set; }

    public TimeSpan Duration { get; set; }

    public bool Passed => UntypedFailures.Count == 0 && InconsistentCards.Count == 0 && RetryViolations.Count == 0 && CounterViolations.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"iterations {Iterations} in {Duration.TotalSeconds:F0} s: logins {Logins} ({LoginsAccepted} accepted by the verifier), enrolments {Enrolments} ({EnrolmentsIssued} issued), desk resets {DeskResets}");
        text.AppendLine(c, $"faults: {string.Join(", ", Faults.Where(f => f.Key != FaultKind.None).Select(f => $"{f.Key} {f.Value}"))} (none: {Faults[FaultKind.None]})");
        text.AppendLine(c, $"typed failures: {(TypedFailures.Count == 0 ? "none" : string.Join(", ", TypedFailures.Select(f => $"{f.Key} {f.Value}")))}");
        text.AppendLine(c, $"untyped failures {UntypedFailures.Count}, inconsistent cards {InconsistentCards.Count}, retry violations {RetryViolations.Count}, counter violations {CounterViolations.Count}");
        text.AppendLine(c, $"GC heap {GcHeapStart / 1024} KB at start, {GcHeapWarm / 1024} KB after 1 %, {GcHeapEnd / 1024} KB at the end; working set {WorkingSetStart / (1024 * 1024)} MB, {WorkingSetWarm / (1024 * 1024)} MB, {WorkingSetEnd / (1024 * 1024)} MB");
        foreach (var line in UntypedFailures.Concat(InconsistentCards).Concat(RetryViolations).Concat(CounterViolations).Take(20))
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }
}
