using System.Security.Cryptography;
using Casd.Card.SecureChannel;
using CsCheck;

namespace Casd.Card.Tests.SecureChannel;

/// <summary>The allocation-free CBC over persistent transforms agrees with the BCL one-shot APIs, message after message.</summary>
public class AesBlockCipherTests
{
    [Fact]
    public void Agrees_with_the_one_shot_apis_across_consecutive_messages()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var reference = Aes.Create();
        reference.Key = key;
        using var cipher = new AesBlockCipher(key);
        Gen.Byte.Array[16].Select(Gen.Int[1, 80], Gen.Bool).Sample(
            sample =>
            {
                var (iv, blocks, decrypt) = sample;
                var input = RandomNumberGenerator.GetBytes(blocks * 16);
                var output = new byte[input.Length];
                var expected = decrypt ? reference.DecryptCbc(input, iv, PaddingMode.None) : reference.EncryptCbc(input, iv, PaddingMode.None);
                if (decrypt)
                {
                    cipher.DecryptCbc(iv, input, output);
                }
                else
                {
                    cipher.EncryptCbc(iv, input, output);
                }

                Assert.Equal(expected, output);
                var block = new byte[16];
                cipher.EncryptBlock(input.AsSpan(0, 16), block);
                Assert.Equal(reference.EncryptEcb(input.AsSpan(0, 16), PaddingMode.None), block);
            },
            iter: 300,
            threads: 1);
    }
}
