using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>
/// A card's SCP03 static keys (K-ENC, K-MAC, K-DEK), AES-128, -192 or -256, all the same
/// length. The bytes are copied in and zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class Scp03StaticKeys : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _dek;
    private bool _disposed;

    /// <summary>Copies the three static keys.</summary>
    /// <param name="enc">K-ENC.</param>
    /// <param name="mac">K-MAC.</param>
    /// <param name="dek">K-DEK.</param>
    /// <exception cref="ArgumentException">A key is not 16, 24 or 32 bytes, or the lengths differ.</exception>
    public Scp03StaticKeys(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> dek)
    {
        if (enc.Length is not (16 or 24 or 32) || mac.Length != enc.Length || dek.Length != enc.Length)
        {
            throw new ArgumentException("SCP03 static keys are AES keys of 16, 24 or 32 bytes, all three the same length.");
        }

        _enc = enc.ToArray();
        _mac = mac.ToArray();
        _dek = dek.ToArray();
    }

    /// <summary>Gets the key length in bytes (16, 24 or 32).</summary>
    public int KeyLength => _enc.Length;

    /// <summary>Gets K-ENC.</summary>
    /// <exception cref="ObjectDisposedException">The keys were zeroed.</exception>
    public ReadOnlySpan<byte> Enc => Live(_enc);

    /// <summary>Gets K-MAC.</summary>
    /// <exception cref="ObjectDisposedException">The keys were zeroed.</exception>
    public ReadOnlySpan<byte> Mac => Live(_mac);

    /// <summary>Gets K-DEK (not used by secure messaging; for PUT KEY and sensitive data).</summary>
    /// <exception cref="ObjectDisposedException">The keys were zeroed.</exception>
    public ReadOnlySpan<byte> Dek => Live(_dek);

    /// <summary>
    /// Creates the GlobalPlatform default test keys ('40 41 … 4F' for all three), which a fresh
    /// simulated card answers to at key version '30'. For development and tests only.
    /// </summary>
    /// <returns>New keys; the caller disposes them.</returns>
    public static Scp03StaticKeys CreateGlobalPlatformTestKeys()
    {
        Span<byte> key = stackalloc byte[16];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(0x40 + i);
        }

        return new Scp03StaticKeys(key, key, key);
    }

    /// <summary>Returns an independent copy, for callers that keep keys beyond one channel.</summary>
    /// <returns>The copy; the caller disposes it.</returns>
    public Scp03StaticKeys Clone() => new(Enc, Mac, Dek);

    /// <summary>Zeroes the keys.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_mac);
        CryptographicOperations.ZeroMemory(_dek);
    }

    private ReadOnlySpan<byte> Live(byte[] key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return key;
    }
}
