using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;

namespace Casd.Card.SecureChannel;

/// <summary>
/// The SCP11 session key derivation and receipt (Amendment F, 3.1.2 and 6.5.2.3), shared by every
/// SCP11 variant: keys = ANSI X9.63 KDF with SHA-256 over ShSee || ShSes, shared info = key usage
/// || key type || key length; receipt = AES-CMAC under the first key over the key agreement data.
/// SCP11b is the variant this host opens; the published SCP11a and SCP11c sessions pin this code.
/// </summary>
internal static class Scp11KeyDerivation
{
    /// <summary>Key usage qualifier '3C': C-MAC, R-MAC, C-DECRYPTION, R-ENCRYPTION.</summary>
    public const byte KeyUsage = 0x3C;

    /// <summary>Key type '88': AES.</summary>
    public const byte KeyType = 0x88;

    /// <summary>The number of keys derived: receipt key, S-ENC, S-MAC, S-RMAC, S-DEK.</summary>
    public const int KeyCount = 5;

    /// <summary>Derives the five keys, each <paramref name="keyLength"/> bytes, in order.</summary>
    /// <param name="sharedSecrets">ShSee || ShSes (the x-coordinates of both ECDH results).</param>
    /// <param name="keyLength">The AES key length: 16, 24 or 32.</param>
    /// <param name="keys">Receives <see cref="KeyCount"/> × <paramref name="keyLength"/> bytes; the caller zeroes it.</param>
    public static void DeriveKeys(ReadOnlySpan<byte> sharedSecrets, int keyLength, Span<byte> keys)
    {
        if (keyLength is not (16 or 24 or 32) || keys.Length != KeyCount * keyLength)
        {
            throw new ArgumentException("SCP11 derives five AES keys of 16, 24 or 32 bytes.", nameof(keyLength));
        }

        var z = sharedSecrets.ToArray();
        var output = new byte[keys.Length];
        try
        {
            // Kdf2BytesGenerator is X9.63: the 32-bit counter starts at 1 and follows Z.
            var kdf = new Kdf2BytesGenerator(new Sha256Digest());
            kdf.Init(new KdfParameters(z, [KeyUsage, KeyType, (byte)keyLength]));
            kdf.GenerateBytes(output, 0, output.Length);
            output.CopyTo(keys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
            CryptographicOperations.ZeroMemory(output);
        }
    }

    /// <summary>Computes the receipt over the key agreement data: the command's data field, then the card's ephemeral key TLV.</summary>
    /// <param name="receiptKey">The first derived key.</param>
    /// <param name="commandData">The data field of INTERNAL (or MUTUAL) AUTHENTICATE: 'A6' template and '5F49' ePK.OCE.</param>
    /// <param name="cardKeyTlv">'5F49' ePK.SD as the card returned it.</param>
    /// <param name="receipt">Receives the 16-byte receipt.</param>
    public static void Receipt(ReadOnlySpan<byte> receiptKey, ReadOnlySpan<byte> commandData, ReadOnlySpan<byte> cardKeyTlv, Span<byte> receipt)
    {
        using var mac = new AesCmac(receiptKey);
        mac.Start();
        mac.Append(commandData);
        mac.Append(cardKeyTlv);
        mac.Finish(receipt);
    }
}
