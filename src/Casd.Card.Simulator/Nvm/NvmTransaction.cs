namespace Casd.Card.Simulator.Nvm;

/// <summary>The staged changes of one state-changing command; nothing reaches NVM before <see cref="Commit"/>.</summary>
internal sealed class NvmTransaction
{
    private readonly NonVolatileMemory _memory;
    private readonly List<KeyValuePair<string, byte[]?>> _changes = [];

    public NvmTransaction(NonVolatileMemory memory)
    {
        _memory = memory;
    }

    public NvmTransaction Set(string cell, byte[] value)
    {
        _changes.RemoveAll(c => c.Key == cell);
        _changes.Add(new(cell, value));
        return this;
    }

    public NvmTransaction Remove(string cell)
    {
        _changes.RemoveAll(c => c.Key == cell);
        _changes.Add(new(cell, null));
        return this;
    }

    public void Commit() => _memory.Commit(_changes);
}
