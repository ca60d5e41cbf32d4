namespace Casd.Card.Simulator.Nvm;

/// <summary>NVM held in process memory: survives a simulated power loss, not a process restart.</summary>
public sealed class MemoryNvmStore : INvmStore
{
    private readonly Dictionary<string, byte[]> _cells = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyCollection<string> CellNames => _cells.Keys;

    /// <inheritdoc/>
    public byte[]? Read(string cell) => _cells.TryGetValue(cell, out var value) ? (byte[])value.Clone() : null;

    /// <inheritdoc/>
    public void Write(string cell, ReadOnlySpan<byte> value) => _cells[cell] = value.ToArray();

    /// <inheritdoc/>
    public void Delete(string cell) => _cells.Remove(cell);

    /// <summary>Copies every cell into a new store, as a snapshot of the card's memory.</summary>
    /// <returns>The copy.</returns>
    public MemoryNvmStore Clone()
    {
        var copy = new MemoryNvmStore();
        foreach (var (name, value) in _cells)
        {
            copy._cells[name] = (byte[])value.Clone();
        }

        return copy;
    }
}
