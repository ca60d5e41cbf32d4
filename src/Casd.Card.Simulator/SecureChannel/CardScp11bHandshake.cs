using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.SecureChannel;

/// <summary>
/// The card's SCP11b key agreement (GlobalPlatform Amendment F): ephemeral and static ECDH on
/// P-256 with the BCL (the host uses BouncyCastle), X9.63 KDF with SHA-256 written out here,
/// receipt by AES-CMAC. The session runs at C-MAC, C-DECRYPTION, R-MAC, R-ENCRYPTION, in the mode
/// the credentials name (SCP11 does not negotiate S8 or S16).
/// </summary>
internal static class CardScp11bHandshake
{
    public const byte KeyUsage = 0x3C;
    public const byte KeyType = 0x88;
    public const byte KeyLength = 16;

    /// <summary>Refuses unusable credentials when the card is built rather than at the first INTERNAL AUTHENTICATE.</summary>
    public static void CheckCredentials(CardScp11bCredentials credentials)
    {
        if (credentials.Certificates.Count == 0)
        {
            throw new ArgumentException("SCP11b credentials need the card's certificate.", nameof(credentials));
        }

        if (credentials.Mode is not (CardScpMode.S8 or CardScpMode.S16))
        {
            throw new ArgumentException("The SCP11b mode is S8 or S16.", nameof(credentials));
        }

        try
        {
            using var key = ECDiffieHellman.Create();
            key.ImportPkcs8PrivateKey(credentials.PrivateKey.Span, out _);
            if (key.KeySize != 256)
            {
                throw new ArgumentException("The SCP11b key must be a P-256 key.", nameof(credentials));
            }
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException("The SCP11b private key is not a PKCS#8 EC private key.", nameof(credentials), exception);
        }
    }

    public static bool TryRun(CardScp11bCredentials credentials, ReadOnlySpan<byte> data, out byte[] answer, out CardSession session)
    {
        answer = [];
        session = null!;
        byte[] controlTemplate;
        byte[] hostKeyTlv;
        byte[] hostPoint;
        try
        {
            var reader = new BerTlvReader(data);
            var crt = reader.Read();
            var key = reader.Read();
            if (crt.Tag != 0xA6 || key.Tag != 0x5F49 || reader.HasData || key.Value.Length != 65 || key.Value[0] != 0x04)
            {
                return false;
            }

            // '90': SCP '11', i = '00' (SCP11b); then key usage, key type AES, key length (Amendment F, 7.6.2.3).
            if (!BerTlvReader.TryFind(crt.Value, 0x90, out var scp) || scp.Length != 2 || scp[0] != 0x11 || scp[1] != 0x00
                || !BerTlvReader.TryFind(crt.Value, 0x95, out var usage) || usage.Length != 1 || usage[0] != KeyUsage
                || !BerTlvReader.TryFind(crt.Value, 0x80, out var type) || type.Length != 1 || type[0] != KeyType
                || !BerTlvReader.TryFind(crt.Value, 0x81, out var length) || length.Length != 1 || length[0] != KeyLength)
            {
                return false;
            }

            controlTemplate = crt.Encoded.ToArray();
            hostKeyTlv = key.Encoded.ToArray();
            hostPoint = key.Value.ToArray();
        }
        catch (CardDataFormatException)
        {
            return false;
        }

        using var hostKey = ECDiffieHellman.Create();
        try
        {
            hostKey.ImportParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = hostPoint[1..33], Y = hostPoint[33..65] },
            });
        }
        catch (CryptographicException)
        {
            return false;
        }

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var card = ECDiffieHellman.Create();
        card.ImportPkcs8PrivateKey(credentials.PrivateKey.Span, out _);
        var shSee = ephemeral.DeriveRawSecretAgreement(hostKey.PublicKey);
        var shSes = card.DeriveRawSecretAgreement(hostKey.PublicKey);
        byte[] z = [.. shSee, .. shSes];
        var keys = DeriveKeys(z, KeyLength);
        CryptographicOperations.ZeroMemory(shSee);
        CryptographicOperations.ZeroMemory(shSes);
        CryptographicOperations.ZeroMemory(z);

        var point = ephemeral.ExportParameters(false).Q;
        byte[] cardKeyTlv = [0x5F, 0x49, 0x41, 0x04, .. point.X!, .. point.Y!];
        var receipt = Receipt(keys.AsSpan(0, KeyLength), [.. controlTemplate, .. hostKeyTlv], cardKeyTlv);
        session = OpenSession(keys, KeyLength, receipt, credentials.Mode);
        answer = [.. cardKeyTlv, 0x86, 0x10, .. receipt];
        CryptographicOperations.ZeroMemory(keys);
        return true;
    }

    /// <summary>The five SCP11 keys (receipt, S-ENC, S-MAC, S-RMAC, S-DEK) from ShSee || ShSes, each <paramref name="keyLength"/> bytes.</summary>
    public static byte[] DeriveKeys(byte[] z, int keyLength) => X963Kdf(z, [KeyUsage, KeyType, (byte)keyLength], 5 * keyLength);

    /// <summary>The receipt: AES-CMAC under the receipt key over the command data ('A6' and '5F49' ePK.OCE) and '5F49' ePK.SD.</summary>
    public static byte[] Receipt(ReadOnlySpan<byte> receiptKey, byte[] commandData, byte[] cardKeyTlv) => CardCrypto.Cmac(receiptKey, commandData, cardKeyTlv);

    /// <summary>The secure messaging session after the key agreement: full level, MAC chain seeded with the receipt.</summary>
    public static CardSession OpenSession(byte[] keys, int keyLength, byte[] receipt, CardScpMode mode)
    {
        const byte full = CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption | CardSecurityStatus.ResponseMac | CardSecurityStatus.ResponseEncryption;
        return new CardSession(keys[keyLength..(2 * keyLength)], keys[(2 * keyLength)..(3 * keyLength)], keys[(3 * keyLength)..(4 * keyLength)], receipt.ToArray(), full, mode);
    }

    /// <summary>ANSI X9.63 KDF: SHA-256(Z || counter32 || SharedInfo) for counter = 1, 2, ...</summary>
    private static byte[] X963Kdf(byte[] z, byte[] sharedInfo, int length)
    {
        var output = new byte[length];
        var offset = 0;
        for (uint counter = 1; offset < length; counter++)
        {
            byte[] input = [.. z, (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter, .. sharedInfo];
            var hash = SHA256.HashData(input);
            CryptographicOperations.ZeroMemory(input);
            var take = Math.Min(hash.Length, length - offset);
            hash.AsSpan(0, take).CopyTo(output.AsSpan(offset));
            offset += take;
        }

        return output;
    }
}
