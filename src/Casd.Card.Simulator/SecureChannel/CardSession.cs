using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.SecureChannel;

/// <summary>The card's half of an open secure messaging session (SCP03 rules, also used after SCP11b), S8 or S16.</summary>
internal sealed class CardSession : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _rmac;
    private readonly byte[] _chain;
    private readonly int _macLength;
    private long _counter;

    public CardSession(byte[] enc, byte[] mac, byte[] rmac, byte[] initialChain, byte level, CardScpMode mode = CardScpMode.S8)
    {
        _enc = enc;
        _mac = mac;
        _rmac = rmac;
        _chain = initialChain;
        Level = level;
        _macLength = (int)mode;
    }

    public byte Level { get; }

    private bool Has(byte bit) => (Level & bit) != 0;

    /// <summary>Checks the C-MAC of a command whose data field ends with it and advances the chain.</summary>
    /// <param name="command">The protected command.</param>
    /// <param name="lc">How its Lc was encoded: the MAC covers the header and Lc as transmitted (Amendment D, 6.2.4).</param>
    /// <param name="body">The data field without the MAC.</param>
    /// <returns>False when the MAC does not verify.</returns>
    public bool VerifyMac(CommandApdu command, LcEncoding lc, out byte[] body)
    {
        body = [];
        if (command.Nc < _macLength)
        {
            return false;
        }

        var data = command.Data.ToArray();
        body = data[..^_macLength];
        byte[] header = lc == LcEncoding.ShortForm
            ? [command.Cla, command.Ins, command.P1, command.P2, (byte)command.Nc]
            : [command.Cla, command.Ins, command.P1, command.P2, 0, (byte)(command.Nc >> 8), (byte)command.Nc];
        var mac = CardCrypto.Cmac(_mac, _chain, header, body);
        if (!CardCrypto.Same(mac.AsSpan(0, _macLength), data.AsSpan(data.Length - _macLength)))
        {
            return false;
        }

        mac.CopyTo(_chain, 0);
        return true;
    }

    /// <summary>Unwraps a protected command: counter, C-MAC, C-DECRYPTION. False means close the channel.</summary>
    public bool TryUnwrap(CommandApdu command, LcEncoding lc, out CommandApdu plain)
    {
        plain = command;
        _counter++;
        if (!VerifyMac(command, lc, out var body))
        {
            return false;
        }

        var data = body;
        if (Has(CardSecurityStatus.CommandDecryption) && body.Length > 0)
        {
            if (body.Length % 16 != 0)
            {
                return false;
            }

            var decrypted = CardCrypto.Cbc(false, _enc, CardCrypto.EncryptBlock(_enc, CounterBlock(0x00)), body);
            var end = Array.FindLastIndex(decrypted, b => b != 0);
            if (end < 0 || decrypted[end] != 0x80 || decrypted.Length - end > 16)
            {
                CryptographicOperations.ZeroMemory(decrypted);
                return false;
            }

            data = decrypted[..end];
            CryptographicOperations.ZeroMemory(decrypted);
        }

        plain = new CommandApdu((byte)(command.Cla & ~0x0C), command.Ins, command.P1, command.P2, data, command.Ne);
        return true;
    }

    /// <summary>
    /// Protects a response: errors go out bare (Amendment D, 6.2.6: every status word but '9000',
    /// '62XX' and '63XX'); otherwise R-ENCRYPTION of any data, then the R-MAC over data and status.
    /// </summary>
    public ResponseApdu Wrap(ResponseApdu response)
    {
        if (!Has(CardSecurityStatus.ResponseMac))
        {
            return response;
        }

        var sw = response.StatusWord;
        if (!(sw.IsSuccess || sw.Sw1 is 0x62 or 0x63))
        {
            return new ResponseApdu(ReadOnlyMemory<byte>.Empty, sw);
        }

        var body = response.Data.ToArray();
        if (Has(CardSecurityStatus.ResponseEncryption) && body.Length > 0)
        {
            var padded = new byte[((body.Length / 16) + 1) * 16];
            body.CopyTo(padded, 0);
            padded[body.Length] = 0x80;
            body = CardCrypto.Cbc(true, _enc, CardCrypto.EncryptBlock(_enc, CounterBlock(0x80)), padded);
            CryptographicOperations.ZeroMemory(padded);
        }

        var mac = CardCrypto.Cmac(_rmac, _chain, body, [sw.Sw1, sw.Sw2]);
        return new ResponseApdu((byte[])[.. body, .. mac.AsSpan(0, _macLength)], sw);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_mac);
        CryptographicOperations.ZeroMemory(_rmac);
        CryptographicOperations.ZeroMemory(_chain);
    }

    private byte[] CounterBlock(byte first)
    {
        var block = new byte[16];
        block[0] = first;
        for (int i = 15, shift = 0; shift < 64; i--, shift += 8)
        {
            block[i] = (byte)(_counter >> shift);
        }

        return block;
    }
}
