using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>
/// AES-ECB and AES-CBC over the BCL's hardware AES without per-call allocation: the BCL one-shot
/// APIs create a native cipher context on every call, so this keeps one encryptor and one
/// decryptor for the key's lifetime and emulates a fresh IV per message by folding the IV and
/// the transform's running state into the first block.
/// </summary>
internal sealed class AesBlockCipher : IDisposable
{
    private const int Block = 16;
    private const int ScratchSize = 512;
    private readonly ICryptoTransform _encryptor;
    private readonly ICryptoTransform _decryptor;
    private readonly byte[] _encryptState = new byte[Block];
    private readonly byte[] _decryptState = new byte[Block];
    private readonly byte[] _input = new byte[ScratchSize];
    private readonly byte[] _output = new byte[ScratchSize];
    private bool _disposed;

    /// <summary>Keys the cipher.</summary>
    /// <param name="key">An AES-128, -192 or -256 key; copied into the native contexts.</param>
    public AesBlockCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(key));
        }

        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        var copy = key.ToArray();
        try
        {
            _encryptor = aes.CreateEncryptor(copy, new byte[Block]);
            _decryptor = aes.CreateDecryptor(copy, new byte[Block]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
            aes.Key = new byte[key.Length];
        }
    }

    /// <summary>Encrypts one block (ECB).</summary>
    /// <param name="input">16 bytes.</param>
    /// <param name="output">Receives 16 bytes; may be the same memory as <paramref name="input"/>.</param>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => EncryptCbc(stackalloc byte[Block], input[..Block], output);

    /// <summary>Encrypts whole blocks in CBC mode.</summary>
    /// <param name="iv">The initial chaining value (16 bytes).</param>
    /// <param name="input">A multiple of 16 bytes.</param>
    /// <param name="output">Receives as many bytes; may be the same memory as <paramref name="input"/>.</param>
    public void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var first = true;
        while (!input.IsEmpty)
        {
            var count = Math.Min(input.Length, ScratchSize);
            input[..count].CopyTo(_input);
            if (first)
            {
                // The transform chains from its last output block; replace that with the IV.
                for (var i = 0; i < Block; i++)
                {
                    _input[i] ^= (byte)(iv[i] ^ _encryptState[i]);
                }

                first = false;
            }

            _encryptor.TransformBlock(_input, 0, count, _output, 0);
            _output.AsSpan(count - Block, Block).CopyTo(_encryptState);
            _output.AsSpan(0, count).CopyTo(output);
            input = input[count..];
            output = output[count..];
        }

        CryptographicOperations.ZeroMemory(_input);
    }

    /// <summary>Decrypts whole blocks in CBC mode.</summary>
    /// <param name="iv">The initial chaining value (16 bytes).</param>
    /// <param name="input">A multiple of 16 bytes.</param>
    /// <param name="output">Receives as many bytes.</param>
    public void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var first = true;
        while (!input.IsEmpty)
        {
            var count = Math.Min(input.Length, ScratchSize);
            input[..count].CopyTo(_input);
            _decryptor.TransformBlock(_input, 0, count, _output, 0);
            if (first)
            {
                // The transform XORed the first block with its last input block; use the IV instead.
                for (var i = 0; i < Block; i++)
                {
                    _output[i] ^= (byte)(iv[i] ^ _decryptState[i]);
                }

                first = false;
            }

            _input.AsSpan(count - Block, Block).CopyTo(_decryptState);
            _output.AsSpan(0, count).CopyTo(output);
            input = input[count..];
            output = output[count..];
        }

        CryptographicOperations.ZeroMemory(_output);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _encryptor.Dispose();
        _decryptor.Dispose();
        CryptographicOperations.ZeroMemory(_encryptState);
        CryptographicOperations.ZeroMemory(_decryptState);
        CryptographicOperations.ZeroMemory(_input);
        CryptographicOperations.ZeroMemory(_output);
    }
}
