using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>
/// AES-CMAC (NIST SP 800-38B, RFC 4493) over the BCL's hardware-accelerated AES, streaming and
/// allocation-free after construction; the key schedule is released and every buffer zeroed on
/// <see cref="Dispose"/> (docs/decisions/0030-crypto-library-split.md).
/// </summary>
internal sealed class AesCmac : IDisposable
{
    /// <summary>The MAC length in bytes.</summary>
    public const int Size = 16;

    private const int ScratchSize = 512;
    private readonly AesBlockCipher _aes;
    private readonly byte[] _k1 = new byte[Size];
    private readonly byte[] _k2 = new byte[Size];
    private readonly byte[] _state = new byte[Size];
    private readonly byte[] _pending = new byte[Size];
    private readonly byte[] _scratch = new byte[ScratchSize];
    private int _pendingLength;
    private bool _disposed;

    /// <summary>Keys the MAC.</summary>
    /// <param name="key">An AES-128, -192 or -256 key; copied.</param>
    public AesCmac(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(key));
        }

        _aes = new AesBlockCipher(key);
        Span<byte> l = stackalloc byte[Size];
        l.Clear();
        _aes.EncryptBlock(l, l);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>Starts a new MAC computation.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _state.AsSpan().Clear();
        _pendingLength = 0;
    }

    /// <summary>Feeds message bytes.</summary>
    /// <param name="data">The next part of the message.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pendingLength + data.Length <= Size)
        {
            data.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += data.Length;
            return;
        }

        // The last block is kept back because CMAC finishes it with a subkey.
        if (_pendingLength > 0)
        {
            var fill = Size - _pendingLength;
            data[..fill].CopyTo(_pending.AsSpan(_pendingLength));
            data = data[fill..];
            Chain(_pending);
            _pendingLength = 0;
        }

        while (data.Length > Size)
        {
            var blocks = Math.Min((data.Length - 1) / Size * Size, ScratchSize);
            Chain(data[..blocks]);
            data = data[blocks..];
        }

        data.CopyTo(_pending);
        _pendingLength = data.Length;
    }

    /// <summary>Finishes the MAC and starts over.</summary>
    /// <param name="mac">Receives the 16-byte MAC (or its first <c>mac.Length</c> bytes).</param>
    public void Finish(Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> last = stackalloc byte[Size];
        if (_pendingLength == Size)
        {
            Xor(_pending, _k1, last);
        }
        else
        {
            last.Clear();
            _pending.AsSpan(0, _pendingLength).CopyTo(last);
            last[_pendingLength] = 0x80;
            Xor(last, _k2, last);
        }

        Span<byte> full = stackalloc byte[Size];
        _aes.EncryptCbc(_state, last, full);
        full[..Math.Min(mac.Length, Size)].CopyTo(mac);
        CryptographicOperations.ZeroMemory(last);
        CryptographicOperations.ZeroMemory(full);
        CryptographicOperations.ZeroMemory(_pending);
        Start();
    }

    /// <summary>Computes the MAC of one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="mac">Receives the MAC.</param>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Start();
        Append(message);
        Finish(mac);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
        CryptographicOperations.ZeroMemory(_state);
        CryptographicOperations.ZeroMemory(_pending);
        CryptographicOperations.ZeroMemory(_scratch);
        _aes.Dispose();
    }

    private void Chain(ReadOnlySpan<byte> blocks)
    {
        var output = _scratch.AsSpan(0, blocks.Length);
        _aes.EncryptCbc(_state, blocks, output);
        output[^Size..].CopyTo(_state);
    }

    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var carry = (input[0] & 0x80) != 0;
        for (var i = 0; i < Size - 1; i++)
        {
            output[i] = (byte)((input[i] << 1) | (input[i + 1] >> 7));
        }

        output[Size - 1] = (byte)((input[Size - 1] << 1) ^ (carry ? 0x87 : 0));
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        for (var i = 0; i < Size; i++)
        {
            output[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
