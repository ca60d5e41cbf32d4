using System.Diagnostics;

namespace Casd.Card.Simulator.Tracing;

/// <summary>
/// A bounded, thread-safe record of the APDUs a simulated card exchanged, with timings and
/// sensitive data redacted. Tests assert on <see cref="Entries"/>; the CLI prints it.
/// </summary>
public sealed class ApduTrace
{
    private readonly Lock _lock = new();
    private readonly Queue<ApduTraceEntry> _entries = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private long _sequence;

    /// <summary>Initializes a trace.</summary>
    /// <param name="capacity">The most entries kept; the oldest are dropped first.</param>
    public ApduTrace(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Raised after each entry is recorded (on the card's thread).</summary>
    public event EventHandler<ApduTraceEntry>? EntryRecorded;

    /// <summary>Gets the most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets a snapshot of the entries, oldest first.</summary>
    public IReadOnlyList<ApduTraceEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    /// <summary>Writes every entry, one a line.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var entry in Entries)
        {
            writer.WriteLine(entry);
        }
    }

    internal static long Timestamp() => Stopwatch.GetTimestamp();

    internal void Record(long started, ReadOnlySpan<byte> command, ReadOnlySpan<byte> response, string? note = null)
    {
        var now = Stopwatch.GetTimestamp();
        ApduTraceEntry entry;
        lock (_lock)
        {
            entry = new ApduTraceEntry(++_sequence, Stopwatch.GetElapsedTime(_origin, started), Stopwatch.GetElapsedTime(started, now), command, response, note);
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }

        EntryRecorded?.Invoke(this, entry);
    }
}
