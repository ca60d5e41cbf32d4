using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Casd.Card.Simulator.SecureChannel;

/// <summary>
/// The card's own cryptographic code paths, deliberately written apart from the host's
/// (BouncyCastle's CMAC, SP 800-108 generator and CBC mode here; the host uses its own CMAC over
/// the BCL's AES) so that a mistake on one side cannot cancel out on the other.
/// </summary>
internal static class CardCrypto
{
    /// <summary>SP 800-108 counter mode, AES-CMAC PRF, GlobalPlatform's fixed input layout (counter after L).</summary>
    public static byte[] Kdf(ReadOnlySpan<byte> key, byte constant, int lengthBytes, ReadOnlySpan<byte> context)
    {
        var prefix = new byte[15];
        prefix[11] = constant;
        prefix[13] = (byte)((lengthBytes * 8) >> 8);
        prefix[14] = (byte)(lengthBytes * 8);
        var generator = new KdfCounterBytesGenerator(new CMac(new AesEngine()));
        generator.Init(new KdfCounterParameters(key.ToArray(), prefix, context.ToArray(), 8));
        var output = new byte[lengthBytes];
        generator.GenerateBytes(output, 0, output.Length);
        return output;
    }

    /// <summary>Full 16-byte AES-CMAC of the concatenated parts.</summary>
    public static byte[] Cmac(ReadOnlySpan<byte> key, params ReadOnlySpan<byte[]> parts)
    {
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key.ToArray()));
        foreach (var part in parts)
        {
            mac.BlockUpdate(part, 0, part.Length);
        }

        var output = new byte[16];
        mac.DoFinal(output, 0);
        return output;
    }

    /// <summary>AES-ECB of one block (the ICV).</summary>
    public static byte[] EncryptBlock(ReadOnlySpan<byte> key, byte[] block)
    {
        var engine = new AesEngine();
        engine.Init(true, new KeyParameter(key.ToArray()));
        var output = new byte[16];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }

    /// <summary>AES-CBC without padding over whole blocks.</summary>
    public static byte[] Cbc(bool encrypt, ReadOnlySpan<byte> key, byte[] icv, byte[] data)
    {
        var cipher = new CbcBlockCipher(new AesEngine());
        cipher.Init(encrypt, new ParametersWithIV(new KeyParameter(key.ToArray()), icv));
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            cipher.ProcessBlock(data, offset, output, offset);
        }

        return output;
    }

    /// <summary>Constant-time comparison of a received MAC or cryptogram.</summary>
    public static bool Same(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        expected.Length == received.Length && CryptographicOperations.FixedTimeEquals(expected, received);
}
