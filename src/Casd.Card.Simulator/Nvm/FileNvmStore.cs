using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// NVM kept in a file, so a simulated card survives process restarts. Every NVM write rewrites
/// the file through a temporary file and an atomic rename: a crash of the process leaves the
/// file as it was before or after that one write, like a power loss on a card.
/// </summary>
/// <remarks>
/// Format: "CASDNVM1", a 4-byte big-endian cell count, then per cell a 1-byte name length, the
/// UTF-8 name, a 4-byte big-endian value length and the value.
/// </remarks>
public sealed class FileNvmStore : INvmStore
{
    private static readonly byte[] Magic = "CASDNVM1"u8.ToArray();
    private readonly Dictionary<string, byte[]> _cells = new(StringComparer.Ordinal);
    private readonly string _path;

    /// <summary>Opens (or, when absent, starts) the NVM file.</summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="CardDataFormatException">The file exists but is not a valid NVM file.</exception>
    public FileNvmStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        if (File.Exists(_path))
        {
            Load(File.ReadAllBytes(_path));
        }
    }

    /// <summary>Gets the full path of the file.</summary>
    public string FilePath => _path;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> CellNames => _cells.Keys;

    /// <inheritdoc/>
    public byte[]? Read(string cell) => _cells.TryGetValue(cell, out var value) ? (byte[])value.Clone() : null;

    /// <inheritdoc/>
    public void Write(string cell, ReadOnlySpan<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(cell);
        _cells[cell] = value.ToArray();
        Save();
    }

    /// <inheritdoc/>
    public void Delete(string cell)
    {
        if (_cells.Remove(cell))
        {
            Save();
        }
    }

    private void Save()
    {
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, _cells.Count);
        buffer.Write(four);
        foreach (var (name, value) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            buffer.WriteByte((byte)nameBytes.Length);
            buffer.Write(nameBytes);
            BinaryPrimitives.WriteInt32BigEndian(four, value.Length);
            buffer.Write(four);
            buffer.Write(value);
        }

        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            buffer.Position = 0;
            buffer.CopyTo(file);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private void Load(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data[..8].SequenceEqual(Magic))
        {
            throw Corrupt("it does not start with the CASDNVM1 header");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(data[8..]);
        var offset = 12;
        for (var i = 0; i < count; i++)
        {
            if (offset >= data.Length)
            {
                throw Corrupt("it ends inside the cell table");
            }

            int nameLength = data[offset++];
            if (nameLength == 0 || data.Length - offset < nameLength + 4)
            {
                throw Corrupt("a cell name is truncated");
            }

            string name;
            try
            {
                name = new UTF8Encoding(false, true).GetString(data.Slice(offset, nameLength));
            }
            catch (DecoderFallbackException ex)
            {
                throw new CardDataFormatException("The simulator state file is corrupt: a cell name is not UTF-8.", ex);
            }

            offset += nameLength;
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            offset += 4;
            if (valueLength < 0 || data.Length - offset < valueLength)
            {
                throw Corrupt(string.Format(CultureInfo.InvariantCulture, "cell '{0}' is truncated", name));
            }

            if (!_cells.TryAdd(name, data.Slice(offset, valueLength).ToArray()))
            {
                throw Corrupt(string.Format(CultureInfo.InvariantCulture, "cell '{0}' appears twice", name));
            }

            offset += valueLength;
        }

        if (offset != data.Length)
        {
            throw Corrupt("bytes follow the last cell");
        }
    }

    private CardDataFormatException Corrupt(string reason) =>
        new(string.Format(CultureInfo.InvariantCulture, "The simulator state file '{0}' is corrupt: {1}.", _path, reason));
}
