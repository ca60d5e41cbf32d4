using System.Globalization;
using System.Text;

namespace Casd.Card.Reliability.Load;

/// <summary>The figures of one load phase; every list of violations must be empty.</summary>
internal sealed class LoadReport
{
    public int Readers { get; set; }

    public int Logins { get; set; }

    public TimeSpan Elapsed { get; set; }

    public double LoginsPerSecond => Logins / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Gets whether pcscd was restarted in the middle of this phase.</summary>
    public bool RestartedPcscd { get; set; }

    /// <summary>Gets the readers that logged in again after the restart.</summary>
    public int RecoveredReaders { get; set; }

    public SortedDictionary<string, int> TypedFailures { get; } = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = [];

    public int FileDescriptorsBefore { get; set; }

    public int FileDescriptorsAfter { get; set; }

    public Dictionary<string, int> FileDescriptorKindsBefore { get; set; } = [];

    public Dictionary<string, int> FileDescriptorKindsAfter { get; set; } = [];

    public long ContextsOpenBefore { get; set; }

    public long ContextsOpenAfter { get; set; }

    public long CardsOpenBefore { get; set; }

    public long CardsOpenAfter { get; set; }

    public bool Passed => Violations.Count == 0 && FileDescriptorsAfter <= FileDescriptorsBefore && ContextsOpenAfter == ContextsOpenBefore && CardsOpenAfter == CardsOpenBefore
        && (!RestartedPcscd || RecoveredReaders == Readers);

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"{Readers} reader(s): {Logins} logins in {Elapsed.TotalSeconds:F1} s = {LoginsPerSecond:F1} logins/s");
        if (RestartedPcscd)
        {
            text.Append(c, $"; pcscd restarted, {RecoveredReaders}/{Readers} readers recovered");
        }

        text.AppendLine();
        text.AppendLine(c, $"  failures: {(TypedFailures.Count == 0 ? "none" : string.Join(", ", TypedFailures.Select(f => $"{f.Key} {f.Value}")))}; violations {Violations.Count}");
        text.AppendLine(c, $"  fds {FileDescriptorsBefore} -> {FileDescriptorsAfter}, PC/SC contexts open {ContextsOpenBefore} -> {ContextsOpenAfter}, card handles open {CardsOpenBefore} -> {CardsOpenAfter}");
        if (FileDescriptorsAfter != FileDescriptorsBefore)
        {
            var kinds = FileDescriptorKindsBefore.Keys.Union(FileDescriptorKindsAfter.Keys)
                .Where(k => FileDescriptorKindsBefore.GetValueOrDefault(k) != FileDescriptorKindsAfter.GetValueOrDefault(k))
                .Select(k => $"{k} {FileDescriptorKindsBefore.GetValueOrDefault(k)} -> {FileDescriptorKindsAfter.GetValueOrDefault(k)}");
            text.AppendLine(c, $"  descriptors that changed: {string.Join(", ", kinds)}");
        }

        foreach (var violation in Violations.Take(10))
        {
            text.AppendLine("  " + violation);
        }

        return text.ToString();
    }
}
