using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Nvm;

/// <summary>
/// NVM kept in a file, so a simulated card survives process restarts. The file is sealed with
/// AES-256-GCM under a per-card storage key kept outside it, standing in for the hardware key a
/// secure element encrypts its memory with: whoever copies the file learns nothing of its cells
/// (not even their names) and cannot change one (a reset retry counter, say) without the key.
/// </summary>
/// <remarks>
/// <para>Every NVM write rewrites the file through a temporary file and an atomic rename: a crash of
/// the process leaves the file as it was before or after that one write, like a power loss on a card.
/// Files are created readable and writable by their owner only (0600 on Unix).</para>
/// <para>The storage key is 32 bytes. By default it lives in a key file beside the state
/// (<c>card.nvm.key</c>, created 0600 with the state); it can be kept elsewhere
/// (<see cref="FileNvmStore(string, string)"/>) or supplied by the caller
/// (<see cref="FileNvmStore(string, ReadOnlySpan{byte})"/>). A state file whose key is missing or
/// wrong is refused with <see cref="NvmStorageKeyException"/>.</para>
/// <para>Format: "CASDNVM2", a 12-byte nonce (fresh for every write), the ciphertext and the 16-byte
/// tag; the header is authenticated data. The plaintext is a 4-byte big-endian cell count, then
/// per cell a 1-byte name length, the UTF-8 name, a 4-byte big-endian value length and the value.
/// The seal does not stop a file from being replaced by an older copy of itself (rollback): a real
/// card has no file to roll back, and the simulator keeps no counter outside it (docs/attacks.md).</para>
/// </remarks>
public sealed class FileNvmStore : INvmStore
{
    /// <summary>The length of a storage key: AES-256.</summary>
    public const int StorageKeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly byte[] Magic = "CASDNVM2"u8.ToArray();
    private static readonly byte[] UnsealedMagic = "CASDNVM1"u8.ToArray();
    private readonly Dictionary<string, byte[]> _cells = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly byte[] _key;

    /// <summary>Opens (or, when absent, starts) the state file, with its storage key in <c>path + ".key"</c>.</summary>
    /// <param name="path">The state file path; its directory must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="NvmStorageKeyException">The state file exists but its key file is missing or does not unseal it.</exception>
    /// <exception cref="CardDataFormatException">The file is not a sealed state file, or its unsealed content is corrupt.</exception>
    public FileNvmStore(string path)
        : this(path, DefaultKeyPath(path))
    {
    }

    /// <summary>Opens (or, when absent, starts) the state file, with its storage key in a file of the caller's choice.</summary>
    /// <param name="path">The state file path; its directory must exist.</param>
    /// <param name="storageKeyPath">The key file; created (0600) with a new key when neither it nor the state exists.</param>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="NvmStorageKeyException">The state file exists but the key file is missing, malformed or does not unseal it.</exception>
    /// <exception cref="CardDataFormatException">The file is not a sealed state file, or its unsealed content is corrupt.</exception>
    public FileNvmStore(string path, string storageKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(storageKeyPath);
        _path = CheckedPath(path);
        StorageKeyPath = Path.GetFullPath(storageKeyPath);
        _key = File.Exists(_path) ? ReadKeyFile(StorageKeyPath, _path) : ReadOrCreateKeyFile(StorageKeyPath);
        Open();
    }

    /// <summary>Opens (or, when absent, starts) the state file with a storage key the caller holds.</summary>
    /// <param name="path">The state file path; its directory must exist.</param>
    /// <param name="storageKey">The 32-byte storage key; copied.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="NvmStorageKeyException">The key does not unseal the existing file.</exception>
    /// <exception cref="CardDataFormatException">The file is not a sealed state file, or its unsealed content is corrupt.</exception>
    public FileNvmStore(string path, ReadOnlySpan<byte> storageKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (storageKey.Length != StorageKeyLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "A storage key is {0} bytes (AES-256).", StorageKeyLength), nameof(storageKey));
        }

        _path = CheckedPath(path);
        _key = storageKey.ToArray();
        Open();
    }

    /// <summary>Gets the full path of the file.</summary>
    public string FilePath => _path;

    /// <summary>Gets the full path of the key file, or <see langword="null"/> when the caller supplied the key.</summary>
    public string? StorageKeyPath { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> CellNames => _cells.Keys;

    /// <summary>Gets the default key file of a state file: the same path with ".key" appended.</summary>
    /// <param name="path">The state file path.</param>
    /// <returns>The key file path.</returns>
    public static string DefaultKeyPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path + ".key";
    }

    /// <inheritdoc/>
    public byte[]? Read(string cell) => _cells.TryGetValue(cell, out var value) ? (byte[])value.Clone() : null;

    /// <inheritdoc/>
    public void Write(string cell, ReadOnlySpan<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(cell);
        if (_cells.TryGetValue(cell, out var old))
        {
            CryptographicOperations.ZeroMemory(old);
        }

        _cells[cell] = value.ToArray();
        Save();
    }

    /// <inheritdoc/>
    public void Delete(string cell)
    {
        if (_cells.Remove(cell, out var old))
        {
            CryptographicOperations.ZeroMemory(old);
            Save();
        }
    }

    /// <summary>Seals a plaintext cell table under a key, as the file holds it (for tests of the loader).</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key)
    {
        var sealedFile = new byte[Magic.Length + NonceLength + plaintext.Length + TagLength];
        Magic.CopyTo(sealedFile, 0);
        var nonce = sealedFile.AsSpan(Magic.Length, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key, TagLength);
        gcm.Encrypt(nonce, plaintext, sealedFile.AsSpan(Magic.Length + NonceLength, plaintext.Length), sealedFile.AsSpan(sealedFile.Length - TagLength), Magic);
        return sealedFile;
    }

    private static string CheckedPath(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(string.Format(CultureInfo.InvariantCulture, "The directory of the simulator state file '{0}' does not exist; create it first or choose another path.", full));
        }

        return full;
    }

    private static byte[] ReadKeyFile(string keyPath, string statePath)
    {
        if (!File.Exists(keyPath))
        {
            throw new NvmStorageKeyException(string.Format(
                CultureInfo.InvariantCulture,
                "The simulator state file '{0}' is sealed and its storage key '{1}' is missing; restore the key file, or start a new card with another state file.",
                statePath,
                keyPath));
        }

        var key = File.ReadAllBytes(keyPath);
        if (key.Length != StorageKeyLength)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new NvmStorageKeyException(string.Format(CultureInfo.InvariantCulture, "The storage key file '{0}' does not hold a {1}-byte key.", keyPath, StorageKeyLength));
        }

        return key;
    }

    private static byte[] ReadOrCreateKeyFile(string keyPath)
    {
        if (File.Exists(keyPath))
        {
            return ReadKeyFile(keyPath, keyPath);
        }

        var key = RandomNumberGenerator.GetBytes(StorageKeyLength);
        using (var file = new FileStream(keyPath, OwnerOnlyOptions(FileMode.CreateNew)))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }

        return key;
    }

    private static FileStreamOptions OwnerOnlyOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return options;
    }

    private void Open()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var data = File.ReadAllBytes(_path);
        if (data.Length >= UnsealedMagic.Length && data.AsSpan(0, UnsealedMagic.Length).SequenceEqual(UnsealedMagic))
        {
            throw Corrupt("it is an unsealed state file from an earlier version, whose cells anyone could have changed; start a new card");
        }

        if (data.Length < Magic.Length + NonceLength + TagLength || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Corrupt("it does not start with the CASDNVM2 header");
        }

        var ciphertext = data.AsSpan(Magic.Length + NonceLength, data.Length - Magic.Length - NonceLength - TagLength);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(_key, TagLength);
            gcm.Decrypt(data.AsSpan(Magic.Length, NonceLength), ciphertext, data.AsSpan(data.Length - TagLength), plaintext, Magic);
            Load(plaintext);
        }
        catch (CryptographicException ex)
        {
            throw new NvmStorageKeyException(
                string.Format(CultureInfo.InvariantCulture, "The simulator state file '{0}' cannot be unsealed with its storage key: the key belongs to another file, or the file was modified.", _path),
                ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private void Save()
    {
        var plaintext = Serialize();
        byte[] sealedFile;
        try
        {
            sealedFile = Seal(plaintext, _key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var temporary = _path + ".tmp";
        File.Delete(temporary);
        using (var file = new FileStream(temporary, OwnerOnlyOptions(FileMode.CreateNew)))
        {
            file.Write(sealedFile);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            // A file created by an earlier version keeps its old mode through the rename otherwise.
            File.SetUnixFileMode(_path, OwnerOnly);
        }
    }

    private byte[] Serialize()
    {
        var length = 4;
        var names = new List<(byte[] Name, byte[] Value)>(_cells.Count);
        foreach (var (name, value) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            names.Add((nameBytes, value));
            length += 1 + nameBytes.Length + 4 + value.Length;
        }

        var plaintext = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(plaintext, _cells.Count);
        var offset = 4;
        foreach (var (name, value) in names)
        {
            plaintext[offset++] = (byte)name.Length;
            name.CopyTo(plaintext, offset);
            offset += name.Length;
            BinaryPrimitives.WriteInt32BigEndian(plaintext.AsSpan(offset), value.Length);
            offset += 4;
            value.CopyTo(plaintext, offset);
            offset += value.Length;
        }

        return plaintext;
    }

    private void Load(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            throw Corrupt("it holds no cell table");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(data);
        var offset = 4;
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
