namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// The physical non-volatile memory of one simulated card: named cells, each written whole.
/// One <see cref="Write"/> or <see cref="Delete"/> is one NVM write, the unit at which power
/// can be lost; atomicity of a whole command comes from the journal above this seam.
/// </summary>
public interface INvmStore
{
    /// <summary>Gets the names of the cells that hold a value.</summary>
    IReadOnlyCollection<string> CellNames { get; }

    /// <summary>Reads a cell.</summary>
    /// <param name="cell">The cell name.</param>
    /// <returns>A copy of the cell's value, or <see langword="null"/> when the cell is empty.</returns>
    byte[]? Read(string cell);

    /// <summary>Writes a cell whole (one NVM write).</summary>
    /// <param name="cell">The cell name.</param>
    /// <param name="value">The new value.</param>
    void Write(string cell, ReadOnlySpan<byte> value);

    /// <summary>Empties a cell (one NVM write).</summary>
    /// <param name="cell">The cell name.</param>
    void Delete(string cell);
}
