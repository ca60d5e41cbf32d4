using System.Buffers.Binary;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// Atomic updates over an <see cref="INvmStore"/> with a redo journal (decision 0020): the new
/// values are first written to journal cells, then a commit marker, then the cells themselves,
/// then the marker is removed. Power-up replays a journal whose marker was written and ignores
/// one whose marker was not, so a torn update leaves the old or the new state, never a mix.
/// A transaction that changes a single cell skips the journal: one NVM write is atomic.
/// </summary>
internal sealed class NonVolatileMemory
{
    private const string JournalPrefix = "~journal.";
    private const string CommitMarker = "~journal.commit";
    private long _tearAt = -1;

    public NonVolatileMemory(INvmStore store)
    {
        Store = store;
    }

    public INvmStore Store { get; }

    /// <summary>Called after every committed transaction; tests record the commit points of a command.</summary>
    public Action? Committed { get; set; }

    /// <summary>Gets the number of NVM writes since this object was created.</summary>
    public long WriteCount { get; private set; }

    /// <summary>Loses power right after the <paramref name="writes"/>-th NVM write from now (1 = the next write).</summary>
    public void TearAfter(int writes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writes);
        _tearAt = WriteCount + writes;
    }

    public void CancelTearing() => _tearAt = -1;

    public byte[]? Read(string cell) => Store.Read(cell);

    public NvmTransaction Begin() => new(this);

    /// <summary>Completes or discards an interrupted transaction; run at every power-up.</summary>
    public void Recover()
    {
        _tearAt = -1;
        var marker = Store.Read(CommitMarker);
        if (marker is null)
        {
            WipeJournal();
            return;
        }

        if (marker.Length != 4)
        {
            throw new CardDataFormatException("The card's NVM journal is corrupt: the commit marker has the wrong size.");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(marker);
        for (var i = 0; i < count; i++)
        {
            var entry = Store.Read(JournalEntry(i))
                ?? throw new CardDataFormatException("The card's NVM journal is corrupt: a committed entry is missing.");
            var (cell, value) = DecodeEntry(entry);
            if (value is null)
            {
                Store.Delete(cell);
            }
            else
            {
                Store.Write(cell, value);
            }
        }

        Store.Delete(CommitMarker);
        WipeJournal();
    }

    /// <summary>Gets the application cells (not the journal) and their values, to compare states in tests.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Store.CellNames)
        {
            if (!name.StartsWith('~'))
            {
                result[name] = Convert.ToHexString(Store.Read(name)!);
            }
        }

        return result;
    }

    internal void Commit(IReadOnlyList<KeyValuePair<string, byte[]?>> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        if (changes.Count == 1)
        {
            Apply(changes[0]);
            Committed?.Invoke();
            return;
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var entry = EncodeEntry(changes[i].Key, changes[i].Value);
            try
            {
                PhysicalWrite(JournalEntry(i), entry);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(entry);
            }
        }

        var marker = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(marker, changes.Count);
        PhysicalWrite(CommitMarker, marker);
        foreach (var change in changes)
        {
            Apply(change);
        }

        Store.Delete(CommitMarker);
        Counted();

        // The journal holds a second copy of what was written (a template, a key): once the commit
        // marker is gone it is never replayed, so wipe it now rather than leave it at rest.
        for (var i = 0; i < changes.Count; i++)
        {
            Store.Delete(JournalEntry(i));
            Counted();
        }

        Committed?.Invoke();
    }

    private static string JournalEntry(int index) => JournalPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Deletes journal entries left without a commit marker (a tear while writing or wiping them).</summary>
    private void WipeJournal()
    {
        foreach (var name in Store.CellNames.Where(n => n.StartsWith(JournalPrefix, StringComparison.Ordinal) && n != CommitMarker).ToList())
        {
            Store.Delete(name);
        }
    }

    private void Apply(KeyValuePair<string, byte[]?> change)
    {
        if (change.Value is null)
        {
            Store.Delete(change.Key);
            Counted();
        }
        else
        {
            PhysicalWrite(change.Key, change.Value);
        }
    }

    private void PhysicalWrite(string cell, byte[] value)
    {
        Store.Write(cell, value);
        Counted();
    }

    private void Counted()
    {
        WriteCount++;
        if (WriteCount == _tearAt)
        {
            _tearAt = -1;
            throw new NvmTearingException();
        }
    }

    private static byte[] EncodeEntry(string cell, byte[]? value)
    {
        var name = Encoding.UTF8.GetBytes(cell);
        var entry = new byte[2 + name.Length + (value?.Length ?? 0)];
        entry[0] = value is null ? (byte)0 : (byte)1;
        entry[1] = (byte)name.Length;
        name.CopyTo(entry, 2);
        value?.CopyTo(entry, 2 + name.Length);
        return entry;
    }

    private static (string Cell, byte[]? Value) DecodeEntry(byte[] entry)
    {
        if (entry.Length < 2 || entry[1] == 0 || entry.Length < 2 + entry[1] || entry[0] > 1)
        {
            throw new CardDataFormatException("The card's NVM journal is corrupt: an entry is malformed.");
        }

        var cell = Encoding.UTF8.GetString(entry, 2, entry[1]);
        return (cell, entry[0] == 0 ? null : entry[(2 + entry[1])..]);
    }
}
