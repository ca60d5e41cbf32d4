using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Casd.Card.Benchmarks.SecureChannel;

/// <summary>
/// Wrap of a 255-byte command and unwrap of its 255-byte response at C-DECRYPTION, C-MAC, R-MAC,
/// R-ENCRYPTION, against the bare AES and CMAC calls that exchange needs (the baseline), and
/// against the same calls with BouncyCastle's CMAC (docs/decisions/0030-crypto-library-split.md).
/// The response is a genuine card response (the simulator's card session), replayed each time.
/// </summary>
[MemoryDiagnoser]
public class SecureMessagingBenchmarks
{
    private const int Length = 255;
    private readonly byte[] _zeroChain = new byte[16];
    private readonly byte[] _chain = new byte[16];
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _icv = new byte[16];
    private readonly byte[] _header = new byte[5];
    private readonly byte[] _padded = new byte[256];
    private readonly byte[] _encrypted = new byte[256];
    private readonly byte[] _plain = new byte[256];
    private readonly byte[] _mac = new byte[16];
    private readonly byte[] _sw = [0x90, 0x00];
    private CommandApdu _command = null!;
    private ResponseApdu _response;
    private SecureMessagingSession _session = null!;
    private Aes _aes = null!;
    private AesBlockCipher _cipher = null!;
    private AesCmac _cmac = null!;
    private AesCmac _rmac = null!;
    private CMac _bcCmac = null!;
    private CMac _bcRmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        var enc = RandomNumberGenerator.GetBytes(16);
        var mac = RandomNumberGenerator.GetBytes(16);
        var rmac = RandomNumberGenerator.GetBytes(16);
        _command = new CommandApdu(0x00, 0xDA, 0x00, 0x00, RandomNumberGenerator.GetBytes(Length), 256);
        _session = new SecureMessagingSession(enc, mac, rmac, _zeroChain, SecurityLevel.Full);
        var card = new CardSession(enc.ToArray(), mac.ToArray(), rmac.ToArray(), new byte[16], 0x33);
        var wrapped = _session.Wrap(_command);
        if (!card.TryUnwrap(wrapped, wrapped.Nc > CommandApdu.MaxShortDataLength ? Casd.Card.Simulator.Os.LcEncoding.ExtendedForm : Casd.Card.Simulator.Os.LcEncoding.ShortForm, out _))
        {
            throw new InvalidOperationException("The card refused the benchmark command.");
        }

        _response = card.Wrap(new ResponseApdu(RandomNumberGenerator.GetBytes(Length), StatusWord.Success));
        _session.Unwrap(_response);

        _aes = Aes.Create();
        _aes.Key = enc;
        _cipher = new AesBlockCipher(enc);
        _cmac = new AesCmac(mac);
        _rmac = new AesCmac(rmac);
        _bcCmac = new CMac(new Org.BouncyCastle.Crypto.Engines.AesEngine());
        _bcCmac.Init(new KeyParameter(mac));
        _bcRmac = new CMac(new Org.BouncyCastle.Crypto.Engines.AesEngine());
        _bcRmac.Init(new KeyParameter(rmac));
        _command.Data.Span.CopyTo(_padded);
        _padded[Length] = 0x80;
        _response.Data.Span[..256].CopyTo(_encrypted);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _aes.Dispose();
        _cipher.Dispose();
        _cmac.Dispose();
        _rmac.Dispose();
    }

    /// <summary>The bare primitive calls the channel makes: ICV, CBC encrypt, C-MAC; R-MAC, ICV, CBC decrypt.</summary>
    [Benchmark(Baseline = true)]
    public byte Primitives()
    {
        _cipher.EncryptBlock(_counter, _icv);
        _cipher.EncryptCbc(_icv, _padded, _encrypted);
        _cmac.Start();
        _cmac.Append(_chain);
        _cmac.Append(_header);
        _cmac.Append(_encrypted);
        _cmac.Finish(_chain);
        _rmac.Start();
        _rmac.Append(_chain);
        _rmac.Append(_encrypted);
        _rmac.Append(_sw);
        _rmac.Finish(_mac);
        _cipher.EncryptBlock(_counter, _icv);
        _cipher.DecryptCbc(_icv, _encrypted, _plain);
        return _plain[0];
    }

    /// <summary>The same calls with the BCL's one-shot AES APIs (a native context per call).</summary>
    [Benchmark]
    public byte PrimitivesWithBclOneShotAes()
    {
        _aes.EncryptEcb(_counter, _icv, PaddingMode.None);
        _aes.EncryptCbc(_padded, _icv, _encrypted, PaddingMode.None);
        _cmac.Start();
        _cmac.Append(_chain);
        _cmac.Append(_header);
        _cmac.Append(_encrypted);
        _cmac.Finish(_chain);
        _rmac.Start();
        _rmac.Append(_chain);
        _rmac.Append(_encrypted);
        _rmac.Append(_sw);
        _rmac.Finish(_mac);
        _aes.EncryptEcb(_counter, _icv, PaddingMode.None);
        _aes.DecryptCbc(_encrypted, _icv, _plain, PaddingMode.None);
        return _plain[0];
    }

    /// <summary>The same calls with the BCL's one-shot AES and BouncyCastle's CMAC (its AesEngine).</summary>
    [Benchmark]
    public byte PrimitivesWithBouncyCastleCmac()
    {
        _aes.EncryptEcb(_counter, _icv, PaddingMode.None);
        _aes.EncryptCbc(_padded, _icv, _encrypted, PaddingMode.None);
        _bcCmac.BlockUpdate(_chain);
        _bcCmac.BlockUpdate(_header);
        _bcCmac.BlockUpdate(_encrypted);
        _bcCmac.DoFinal(_chain);
        _bcRmac.BlockUpdate(_chain);
        _bcRmac.BlockUpdate(_encrypted);
        _bcRmac.BlockUpdate(_sw);
        _bcRmac.DoFinal(_mac);
        _aes.EncryptEcb(_counter, _icv, PaddingMode.None);
        _aes.DecryptCbc(_encrypted, _icv, _plain, PaddingMode.None);
        return _plain[0];
    }

    /// <summary>The secure channel's wrap and unwrap of the same exchange.</summary>
    [Benchmark]
    public int WrapAndUnwrap()
    {
        _session.Rewind(_zeroChain, 0);
        var wrapped = _session.Wrap(_command);
        var plain = _session.Unwrap(_response);
        return wrapped.Nc + plain.Data.Length;
    }
}
