using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>
/// The SCP03 key derivation function (GlobalPlatform Amendment D, 6.2.2): NIST SP 800-108 in
/// counter mode with AES-CMAC as PRF; fixed input data = 11 zero bytes, the derivation constant,
/// a zero separator, L in bits (2 bytes), the counter i (1 byte), then the context.
/// </summary>
internal static class Scp03Kdf
{
    /// <summary>Derivation constant of the card cryptogram.</summary>
    public const byte CardCryptogram = 0x00;

    /// <summary>Derivation constant of the host cryptogram.</summary>
    public const byte HostCryptogram = 0x01;

    /// <summary>Derivation constant of the pseudo-random card challenge.</summary>
    public const byte CardChallenge = 0x02;

    /// <summary>Derivation constant of S-ENC.</summary>
    public const byte SessionEnc = 0x04;

    /// <summary>Derivation constant of S-MAC.</summary>
    public const byte SessionMac = 0x06;

    /// <summary>Derivation constant of S-RMAC.</summary>
    public const byte SessionRmac = 0x07;

    /// <summary>Derives <c>output.Length</c> bytes with a keyed PRF.</summary>
    /// <param name="prf">AES-CMAC under the derivation key.</param>
    /// <param name="constant">The derivation constant.</param>
    /// <param name="context">The context (for session keys: host challenge then card challenge).</param>
    /// <param name="output">Receives the derived bytes (8 to 32).</param>
    public static void Derive(AesCmac prf, byte constant, ReadOnlySpan<byte> context, Span<byte> output)
    {
        Span<byte> fixedInput = stackalloc byte[16];
        Span<byte> block = stackalloc byte[AesCmac.Size];
        fixedInput.Clear();
        fixedInput[11] = constant;
        BinaryPrimitives.WriteUInt16BigEndian(fixedInput[13..], (ushort)(output.Length * 8));
        var done = 0;
        for (byte i = 1; done < output.Length; i++)
        {
            fixedInput[15] = i;
            prf.Start();
            prf.Append(fixedInput);
            prf.Append(context);
            prf.Finish(block);
            var take = Math.Min(AesCmac.Size, output.Length - done);
            block[..take].CopyTo(output[done..]);
            done += take;
        }

        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>Derives <c>output.Length</c> bytes from a raw key.</summary>
    /// <param name="key">The derivation key (AES-128/192/256).</param>
    /// <param name="constant">The derivation constant.</param>
    /// <param name="context">The context.</param>
    /// <param name="output">Receives the derived bytes.</param>
    public static void Derive(ReadOnlySpan<byte> key, byte constant, ReadOnlySpan<byte> context, Span<byte> output)
    {
        using var prf = new AesCmac(key);
        Derive(prf, constant, context, output);
    }
}
