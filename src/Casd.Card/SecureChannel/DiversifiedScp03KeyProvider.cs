using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>
/// Derives each card's static keys from the desk's master keys and the card serial number:
/// K-x(card) = SP 800-108 counter-mode KDF with AES-CMAC under master K-x, derivation constant
/// '51' (ENC), '52' (MAC) or '53' (DEK), context = card serial (8 bytes) || key version
/// (docs/decisions/0031-key-diversification.md). A stolen card's keys reveal nothing about
/// another card's or the master's.
/// </summary>
public sealed class DiversifiedScp03KeyProvider : IScp03KeyProvider, IDisposable
{
    /// <summary>Derivation constant of a card's K-ENC.</summary>
    public const byte EncConstant = 0x51;

    /// <summary>Derivation constant of a card's K-MAC.</summary>
    public const byte MacConstant = 0x52;

    /// <summary>Derivation constant of a card's K-DEK.</summary>
    public const byte DekConstant = 0x53;

    private readonly Scp03StaticKeys _master;

    /// <summary>Keeps a copy of the master keys.</summary>
    /// <param name="masterKeys">The desk's master keys; copied, the caller keeps ownership.</param>
    public DiversifiedScp03KeyProvider(Scp03StaticKeys masterKeys)
    {
        ArgumentNullException.ThrowIfNull(masterKeys);
        _master = masterKeys.Clone();
    }

    /// <summary>Derives the static keys of one card.</summary>
    /// <param name="masterKeys">The master keys.</param>
    /// <param name="cardSerial">The card serial number (8 bytes).</param>
    /// <param name="keyVersion">The key version number.</param>
    /// <returns>The card's keys; the caller disposes them.</returns>
    public static Scp03StaticKeys Diversify(Scp03StaticKeys masterKeys, ReadOnlySpan<byte> cardSerial, byte keyVersion)
    {
        ArgumentNullException.ThrowIfNull(masterKeys);
        if (cardSerial.Length != 8)
        {
            throw new ArgumentException("A CASD card serial number is 8 bytes.", nameof(cardSerial));
        }

        Span<byte> context = stackalloc byte[9];
        cardSerial.CopyTo(context);
        context[8] = keyVersion;
        var length = masterKeys.KeyLength;
        Span<byte> enc = stackalloc byte[length];
        Span<byte> mac = stackalloc byte[length];
        Span<byte> dek = stackalloc byte[length];
        try
        {
            Scp03Kdf.Derive(masterKeys.Enc, EncConstant, context, enc);
            Scp03Kdf.Derive(masterKeys.Mac, MacConstant, context, mac);
            Scp03Kdf.Derive(masterKeys.Dek, DekConstant, context, dek);
            return new Scp03StaticKeys(enc, mac, dek);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(enc);
            CryptographicOperations.ZeroMemory(mac);
            CryptographicOperations.ZeroMemory(dek);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Scp03StaticKeys> GetKeysAsync(Scp03KeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.CardSerial.Length != 8)
        {
            throw new SecureChannelAuthenticationException("The card did not identify itself with an 8-byte serial number; its keys cannot be diversified.");
        }

        return ValueTask.FromResult(Diversify(_master, request.CardSerial.Span, request.KeyVersion));
    }

    /// <summary>Zeroes the kept master keys.</summary>
    public void Dispose() => _master.Dispose();
}
