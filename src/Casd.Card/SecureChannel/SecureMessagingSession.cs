using System.Buffers.Binary;
using System.Security.Cryptography;
using Casd.Card.Iso7816;

namespace Casd.Card.SecureChannel;

/// <summary>
/// The host's half of GlobalPlatform SCP03 secure messaging (Amendment D, 6.2.4 to 6.2.7), used
/// by SCP03 and SCP11b sessions alike: C-MAC with MAC chaining, C-DECRYPTION with the encryption
/// counter's ICV, R-MAC and R-ENCRYPTION, in S8 (8-byte MACs) or S16 (16-byte MACs) mode. Not
/// thread-safe; one per channel.
/// </summary>
internal sealed class SecureMessagingSession : IDisposable
{
    private const int Block = 16;
    private readonly AesBlockCipher _enc;
    private readonly AesCmac _mac;
    private readonly AesCmac _rmac;
    private readonly byte[] _chain = new byte[Block];
    private readonly byte[] _counterBlock = new byte[Block];
    private readonly byte[] _icv = new byte[Block];
    private readonly byte[] _check = new byte[Block];
    private readonly byte[] _header = new byte[7];
    private readonly int _macLength;
    private readonly CommandFraming _framing;
    private bool _disposed;

    /// <summary>Keys the session; the caller zeroes its copies of the keys.</summary>
    /// <param name="sessionEnc">S-ENC.</param>
    /// <param name="sessionMac">S-MAC.</param>
    /// <param name="sessionRmac">S-RMAC.</param>
    /// <param name="initialChain">The first MAC chaining value (zeros for SCP03, the receipt for SCP11b).</param>
    /// <param name="level">The security level.</param>
    /// <param name="mode">S8 or S16: the length of C-MAC and R-MAC.</param>
    /// <param name="framing">How the pipeline below frames commands; short-only with Le for R-MAC when <see langword="null"/>.</param>
    public SecureMessagingSession(ReadOnlySpan<byte> sessionEnc, ReadOnlySpan<byte> sessionMac, ReadOnlySpan<byte> sessionRmac, ReadOnlySpan<byte> initialChain, SecurityLevel level, ScpMode mode = ScpMode.S8, CommandFraming? framing = null)
    {
        if (mode is not (ScpMode.S8 or ScpMode.S16))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The mode is S8 or S16.");
        }

        _macLength = (int)mode;
        _framing = framing ?? new CommandFraming(CardCapabilities.ShortOnly, AddLeForResponseMac: true);
        _enc = new AesBlockCipher(sessionEnc);
        _mac = new AesCmac(sessionMac);
        _rmac = new AesCmac(sessionRmac);
        initialChain.CopyTo(_chain);
        Level = level;
    }

    /// <summary>Gets the security level.</summary>
    public SecurityLevel Level { get; }

    /// <summary>Gets the length of C-MAC and R-MAC: 8 (S8) or 16 (S16).</summary>
    public int MacLength => _macLength;

    /// <summary>Gets the encryption counter of the last wrapped command.</summary>
    public long Counter { get; private set; }

    /// <summary>Computes the C-MAC of a command whose data field is already final (used for EXTERNAL AUTHENTICATE).</summary>
    /// <param name="cla">The class byte with the secure-messaging bit set.</param>
    /// <param name="ins">The instruction.</param>
    /// <param name="p1">Parameter 1.</param>
    /// <param name="p2">Parameter 2.</param>
    /// <param name="data">The data field without the MAC.</param>
    /// <param name="ne">Ne of the command as it will be sent (decides, with Nc, how Lc is framed).</param>
    /// <param name="mac">Receives the C-MAC (<see cref="MacLength"/> bytes).</param>
    public void MacCommand(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data, int ne, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var lc = data.Length + _macLength;
        var lcLength = WriteHeader(cla, ins, p1, p2, lc, _framing.UsesExtendedLc(lc, ne));
        _mac.Start();
        _mac.Append(_chain);
        _mac.Append(_header.AsSpan(0, lcLength));
        _mac.Append(data);
        _mac.Finish(_chain);
        _chain.AsSpan(0, _macLength).CopyTo(mac);
    }

    /// <summary>Wraps a plain command; allocates only the new data field.</summary>
    /// <param name="command">The plain command (logical channel 0 to 3, no secure messaging, not chained).</param>
    /// <returns>The protected command.</returns>
    public CommandApdu Wrap(CommandApdu command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ClassByte.GetSecureMessaging(command.Cla) != SecureMessagingIndication.None || ClassByte.IsChaining(command.Cla) || (command.Cla & 0x40) != 0)
        {
            throw new ArgumentException("The secure channel wraps plain, unchained commands on logical channels 0 to 3 only; chaining happens below it.", nameof(command));
        }

        Counter++;
        BinaryPrimitives.WriteInt64BigEndian(_counterBlock.AsSpan(8), Counter);
        var encrypt = (Level & SecurityLevel.CommandEncryption) != 0 && command.Nc > 0;
        var bodyLength = encrypt ? ((command.Nc / Block) + 1) * Block : command.Nc;
        if (bodyLength + _macLength > CommandApdu.MaxExtendedDataLength)
        {
            throw new ArgumentException("The command data are too long to be protected (65,535 bytes with padding and MAC).", nameof(command));
        }

        var output = new byte[bodyLength + _macLength];
        command.Data.Span.CopyTo(output);
        if (encrypt)
        {
            output[command.Nc] = 0x80;
            _enc.EncryptBlock(_counterBlock, _icv);
            _enc.EncryptCbc(_icv, output.AsSpan(0, bodyLength), output.AsSpan(0, bodyLength));
        }

        var cla = (byte)(command.Cla | 0x04);
        var ne = WrappedExpectedLength(command.Ne);
        MacCommand(cla, command.Ins, command.P1, command.P2, output.AsSpan(0, bodyLength), ne, output.AsSpan(bodyLength));
        return new CommandApdu(cla, command.Ins, command.P1, command.P2, output, ne);
    }

    /// <summary>Verifies and decrypts a response to the last wrapped command.</summary>
    /// <param name="response">The response as received.</param>
    /// <returns>The plain response; its data is a new buffer only when it was decrypted.</returns>
    /// <exception cref="SecureChannelException">The response fails verification.</exception>
    public ResponseApdu Unwrap(ResponseApdu response)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sw = response.StatusWord;
        var data = response.Data;
        if ((Level & SecurityLevel.ResponseMac) == 0)
        {
            return response;
        }

        // Error status words come unprotected and without data (Amendment D, 6.2.6).
        if (!(sw.IsSuccess || sw.Sw1 is 0x62 or 0x63))
        {
            if (!data.IsEmpty)
            {
                throw new SecureChannelException($"The card answered {sw} with data; an error response in a secure channel carries none.");
            }

            return response;
        }

        if (data.Length < _macLength)
        {
            throw new SecureChannelException($"The response ({sw}, {data.Length} bytes) lacks its R-MAC.");
        }

        var body = data[..^_macLength];
        Span<byte> swBytes = [sw.Sw1, sw.Sw2];
        _rmac.Start();
        _rmac.Append(_chain);
        _rmac.Append(body.Span);
        _rmac.Append(swBytes);
        _rmac.Finish(_check);
        var valid = CryptographicOperations.FixedTimeEquals(_check.AsSpan(0, _macLength), data.Span[^_macLength..]);
        CryptographicOperations.ZeroMemory(_check);
        if (!valid)
        {
            throw new SecureChannelException("The response MAC does not verify: the response was altered or is not from this session.");
        }

        if ((Level & SecurityLevel.ResponseEncryption) == 0 || body.IsEmpty)
        {
            return new ResponseApdu(body, sw);
        }

        if (body.Length % Block != 0)
        {
            throw new SecureChannelException($"The encrypted response data ({body.Length} bytes) is not a whole number of AES blocks.");
        }

        _counterBlock[0] = 0x80;
        _enc.EncryptBlock(_counterBlock, _icv);
        _counterBlock[0] = 0;
        var plain = new byte[body.Length];
        _enc.DecryptCbc(_icv, body.Span, plain);
        // ISO/IEC 9797-1 method 2: '80' then '00's. A card that pads past the next block boundary
        // (published sessions do) is still unambiguous, and the R-MAC was checked first, so the
        // length of the padding reveals nothing: only its form is checked.
        var end = plain.AsSpan().LastIndexOfAnyExcept((byte)0);
        if (end < 0 || plain[end] != 0x80)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new SecureChannelException("The decrypted response data are not padded as ISO/IEC 9797-1 method 2 requires.");
        }

        return new ResponseApdu(plain.AsMemory(0, end), sw);
    }

    /// <summary>Sets the MAC chain and counter back, so a benchmark can replay one recorded exchange.</summary>
    /// <param name="chain">The MAC chaining value to resume from.</param>
    /// <param name="counter">The encryption counter to resume from.</param>
    internal void Rewind(ReadOnlySpan<byte> chain, long counter)
    {
        chain.CopyTo(_chain);
        Counter = counter;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _enc.Dispose();
        _mac.Dispose();
        _rmac.Dispose();
        CryptographicOperations.ZeroMemory(_chain);
        CryptographicOperations.ZeroMemory(_icv);
        CryptographicOperations.ZeroMemory(_check);
    }

    private int WrappedExpectedLength(int ne)
    {
        var overhead = ((Level & SecurityLevel.ResponseMac) != 0 ? _macLength : 0) + ((Level & SecurityLevel.ResponseEncryption) != 0 ? Block : 0);
        return _framing.WrappedExpectedLength(ne, overhead);
    }

    private int WriteHeader(byte cla, byte ins, byte p1, byte p2, int lc, bool extended)
    {
        _header[0] = cla;
        _header[1] = ins;
        _header[2] = p1;
        _header[3] = p2;

        // Lc as transmitted (Amendment D, 6.2.4): one byte, or '00' and two bytes when the command
        // travels with extended length fields (or is chained with more than 255 bytes).
        if (!extended)
        {
            _header[4] = (byte)lc;
            return 5;
        }

        _header[4] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(_header.AsSpan(5), (ushort)lc);
        return 7;
    }
}
