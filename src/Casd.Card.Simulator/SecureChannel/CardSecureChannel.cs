using System.Buffers.Binary;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.SecureChannel;

/// <summary>
/// The card side of GlobalPlatform SCP03 (Amendment D, i = '70' or '71': pseudo-random card
/// challenge, R-MAC and R-ENCRYPTION, S8 or S16 mode) and SCP11b (Amendment F) with its
/// certificate store, plugged into <see cref="SimulatedCard.SecureMessaging"/>. Written
/// independently of the host's code.
/// </summary>
/// <remarks>
/// Every INITIALIZE UPDATE counts as a failed authentication, persisted before the card
/// answers, until its EXTERNAL AUTHENTICATE succeeds (so pulling the card cannot hide an
/// attempt). Any secure messaging failure answers '6988' and closes the channel; an unprotected
/// command other than SELECT or GET RESPONSE inside a channel does the same. Every C-MAC covers
/// the header and Lc as they arrived, short or extended (Amendment D, 6.2.4).
/// </remarks>
public sealed class CardSecureChannel : ISecureMessagingLayer
{
    /// <summary>The SCP03 'i' parameter in S8 mode: pseudo-random card challenge, R-MAC, R-ENCRYPTION.</summary>
    public const byte Scp03Parameter = 0x70;

    /// <summary>The 'i' bit of S16 mode (Amendment D v1.2, table 5-1): 'i' = '71' on an S16 card.</summary>
    public const byte S16Bit = 0x01;

    /// <summary>The key identifier of the SCP11b key (P2 of INTERNAL AUTHENTICATE, KID of the certificate store's key reference).</summary>
    public const byte Scp11bKeyId = 0x13;

    /// <summary>The tag of the GlobalPlatform certificate store (GET DATA P1-P2).</summary>
    public const ushort CertificateStoreTag = 0xBF21;

    private readonly NonVolatileMemory _nvm;
    private readonly CardScp03Keys _keys;
    private readonly CardScp11bCredentials? _scp11b;
    private CardSession? _session;
    private PendingScp03? _pending;

    internal CardSecureChannel(NonVolatileMemory nvm, CardScp03Keys keys, CardScp11bCredentials? scp11b)
    {
        if (keys.Enc.Length is not (16 or 24 or 32) || keys.Mac.Length != keys.Enc.Length || keys.Dek.Length != keys.Enc.Length)
        {
            throw new ArgumentException("SCP03 keys are AES keys of 16, 24 or 32 bytes, all three the same length.", nameof(keys));
        }

        if (keys.Mode is not (CardScpMode.S8 or CardScpMode.S16))
        {
            throw new ArgumentException("The SCP03 mode is S8 or S16.", nameof(keys));
        }

        if (scp11b is not null)
        {
            CardScp11bHandshake.CheckCredentials(scp11b);
        }

        _nvm = nvm;
        _keys = keys;
        _scp11b = scp11b;
    }

    /// <summary>
    /// The number of consecutive SCP03 authentications, started and not completed, after which the
    /// card refuses INITIALIZE UPDATE for good. Ten leaves an honest desk room for a removed card or
    /// a wrong key version several times over, and gives a side-channel attacker ten traces of the
    /// static keys, far below the thousands a DPA needs.
    /// </summary>
    public const int MaxFailedAuthentications = 10;

    /// <summary>The last value of the 24-bit SCP03 sequence counter (GlobalPlatform Amendment D, 6.2.2.1).</summary>
    public const int MaxSequenceCounter = 0xFFFFFF;

    /// <summary>Gets the number of SCP03 authentications started and not completed since the last success (persisted).</summary>
    public int FailedAuthentications => ReadFailedAuthentications(_nvm);

    /// <summary>Gets the SCP03 sequence counter: the number of INITIALIZE UPDATE commands answered (persisted).</summary>
    public int SequenceCounter => ReadSequenceCounter(_nvm);

    /// <summary>Gets whether SCP03 is locked: too many failed authentications, or the sequence counter is exhausted.</summary>
    public bool IsScp03Locked => FailedAuthentications >= MaxFailedAuthentications || SequenceCounter >= MaxSequenceCounter;

    /// <summary>Gets the SCP03 key version number the card answers to.</summary>
    public byte KeyVersion => _keys.KeyVersion;

    /// <summary>
    /// Test seam for replaying published sessions: gives the card challenge from the sequence
    /// counter instead of the pseudo-random derivation over this card's AID.
    /// </summary>
    internal Func<byte[], byte[]>? CardChallengeSource { get; set; }

    /// <summary>Test seam for replaying published sessions: the 10 bytes of key diversification data instead of serial and '00 00'.</summary>
    internal byte[]? DiversificationData { get; set; }

    /// <inheritdoc/>
    public bool TryHandle(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(status);
        if (command.Cla == 0x00 && command.Ins == Ins.GetResponse)
        {
            // GET RESPONSE fetches the rest of an answer (INITIALIZE UPDATE's to a host that sent
            // no Le, say): it belongs to the command before and leaves the authentication pending.
            response = default;
            return false;
        }

        var pending = _pending;
        _pending = null;
        if ((command.Cla & 0xFC) != 0x84 || command.Ins != 0x82)
        {
            // Anything but EXTERNAL AUTHENTICATE abandons a started authentication.
            pending?.Dispose();
        }

        if (command.Cla == 0x80 && command.Ins == 0x50)
        {
            response = InitializeUpdate(command, status);
            return true;
        }

        if ((command.Cla & 0xFC) == 0x84 && command.Ins == 0x82)
        {
            response = ExternalAuthenticate(command, lc, status, pending);
            return true;
        }

        // GET DATA (Certificate Store): GlobalPlatform hosts send it with CLA '00' (yubikit,
        // OpenSCP) or '80'; 'BF21' names nothing else on this card.
        if (command.Cla is 0x00 or 0x80 && command.Ins == 0xCA && ((command.P1 << 8) | command.P2) == CertificateStoreTag)
        {
            response = CertificateStore(command);
            return true;
        }

        if (command.Cla == 0x80 && command.Ins == 0x88)
        {
            Close(status);
            response = _scp11b is null ? Status(0x6A88) : InternalAuthenticate(command, status);
            return true;
        }

        var unprotected = ClassByte.GetSecureMessaging(command.Cla) == SecureMessagingIndication.None;
        if (_session is not null && unprotected && command.Ins is not (Ins.Select or Ins.GetResponse))
        {
            Close(status);
            response = Status(0x6988);
            return true;
        }

        response = default;
        return false;
    }

    /// <inheritdoc/>
    public bool TryUnwrap(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out CommandApdu plain, out StatusWord failure)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(status);
        failure = new StatusWord(0x6988);
        if (_session is null || status.Channel == SecureChannelKind.None)
        {
            plain = command;
            Close(status);
            return false;
        }

        if (!_session.TryUnwrap(command, lc, out plain))
        {
            Close(status);
            return false;
        }

        return true;
    }

    /// <inheritdoc/>
    public ResponseApdu Wrap(CommandApdu plainCommand, ResponseApdu response, CardSecurityStatus status) =>
        _session is null ? new ResponseApdu(ReadOnlyMemory<byte>.Empty, response.StatusWord) : _session.Wrap(response);

    /// <inheritdoc/>
    public void Reset()
    {
        _pending?.Dispose();
        _pending = null;
        _session?.Dispose();
        _session = null;
    }

    private ResponseApdu InitializeUpdate(CommandApdu command, CardSecurityStatus status)
    {
        Close(status);
        if (command.P1 != 0 && command.P1 != _keys.KeyVersion)
        {
            return Status(0x6A88);
        }

        if (command.P2 != 0)
        {
            return Status(0x6A86);
        }

        // The host challenge has the mode's length: 8 bytes in S8, 16 in S16 (Amendment D, 7.1.1).
        var size = (int)_keys.Mode;
        if (command.Nc != size)
        {
            return Status(0x6700);
        }

        // After MaxFailedAuthentications consecutive attempts that did not end in a successful
        // EXTERNAL AUTHENTICATE, the personalisation key set is locked for good ('6983', as ISO
        // 7816-4 says of a blocked authentication method): nothing unlocks it (docs/card-interface.md).
        if (FailedAuthentications >= MaxFailedAuthentications)
        {
            return Status(0x6983);
        }

        // Count the attempt and move the sequence counter before answering: a torn or abandoned
        // authentication still counts, and a card challenge is never reused. An exhausted counter
        // locks SCP03 the same way: a repeated card challenge would repeat session keys.
        var sequence = SequenceCounter + 1;
        if (sequence > MaxSequenceCounter)
        {
            return Status(0x6983);
        }

        byte[] sequenceBytes = [(byte)(sequence >> 16), (byte)(sequence >> 8), (byte)sequence];
        var failures = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(failures, Math.Min(FailedAuthentications, int.MaxValue - 1) + 1);
        _nvm.Begin().Set(NvmLayout.Scp03SequenceCounter, sequenceBytes).Set(NvmLayout.Scp03FailedAuthentications, failures).Commit();

        // Pseudo-random card challenge (Amendment D, 6.2.2.1): KDF of K-ENC, constant '02', L = the
        // challenge length in bits, context = sequence counter || AID. Cryptograms are as long.
        var cardChallenge = CardChallengeSource?.Invoke(sequenceBytes) ?? CardCrypto.Kdf(_keys.Enc.Span, 0x02, size, [.. sequenceBytes, .. CasdCardInterface.Aid]);
        byte[] context = [.. command.Data.Span, .. cardChallenge];
        var length = _keys.Enc.Length;
        var pending = new PendingScp03(
            context,
            CardCrypto.Kdf(_keys.Enc.Span, 0x04, length, context),
            CardCrypto.Kdf(_keys.Mac.Span, 0x06, length, context),
            CardCrypto.Kdf(_keys.Mac.Span, 0x07, length, context));
        var cardCryptogram = CardCrypto.Kdf(pending.Mac, 0x00, size, context);
        _pending = pending;

        var diversification = DiversificationData ?? [.. _nvm.Read(NvmLayout.Serial) ?? new byte[8], 0x00, 0x00];
        var parameter = (byte)(Scp03Parameter | (_keys.Mode == CardScpMode.S16 ? S16Bit : 0));
        byte[] answer = [.. diversification, _keys.KeyVersion, 0x03, parameter, .. cardChallenge, .. cardCryptogram, .. sequenceBytes];
        return new ResponseApdu(answer, StatusWord.Success);
    }

    private ResponseApdu ExternalAuthenticate(CommandApdu command, LcEncoding lc, CardSecurityStatus status, PendingScp03? pending)
    {
        Close(status);
        if (pending is null)
        {
            return Status(0x6985);
        }

        using (pending)
        {
            // Host cryptogram then C-MAC, each as long as the mode says.
            var size = (int)_keys.Mode;
            var level = command.P1;
            if (!ValidLevel(level) || command.P2 != 0 || command.Nc != 2 * size)
            {
                return Status(command.Nc != 2 * size ? (ushort)0x6700 : (ushort)0x6A86);
            }

            var session = new CardSession(pending.Enc.ToArray(), pending.Mac.ToArray(), pending.Rmac.ToArray(), new byte[16], level, _keys.Mode);
            var expected = CardCrypto.Kdf(pending.Mac, 0x01, size, pending.Context);
            if (!session.VerifyMac(command, lc, out var hostCryptogram) || !CardCrypto.Same(expected, hostCryptogram))
            {
                session.Dispose();
                return Status(0x6982);
            }

            _nvm.Begin().Set(NvmLayout.Scp03FailedAuthentications, new byte[4]).Commit();
            _session = session;
            const byte desk = CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption;
            status.OpenChannel(SecureChannelKind.Scp03, level, personalisationAuthority: (level & desk) == desk);
            return Status(0x9000);
        }
    }

    private ResponseApdu CertificateStore(CommandApdu command)
    {
        // The data field is empty or the key reference 'A6' { '83' KID KVN } (Amendment F, GET
        // DATA (Certificate Store)); a reference to another key has no store here.
        if (command.Nc != 0)
        {
            if (!TryReadKeyReference(command.Data.Span, out var kid, out var kvn))
            {
                return Status(0x6A80);
            }

            if (_scp11b is null || kid != Scp11bKeyId || kvn != _scp11b.KeyVersion)
            {
                return Status(0x6A88);
            }
        }

        if (_scp11b is null)
        {
            return Status(0x6A88);
        }

        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(0xBF21))
        {
            foreach (var certificate in _scp11b.Certificates)
            {
                writer.WriteEncoded(certificate.Span);
            }
        }

        return new ResponseApdu(writer.ToArray(), StatusWord.Success);
    }

    private ResponseApdu InternalAuthenticate(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != _scp11b!.KeyVersion || command.P2 != Scp11bKeyId)
        {
            return Status(0x6A88);
        }

        if (!CardScp11bHandshake.TryRun(_scp11b, command.Data.Span, out var answer, out var session))
        {
            return Status(0x6A80);
        }

        _session = session;
        status.OpenChannel(SecureChannelKind.Scp11b, session.Level, personalisationAuthority: false);
        return new ResponseApdu(answer, StatusWord.Success);
    }

    private static bool TryReadKeyReference(ReadOnlySpan<byte> data, out byte kid, out byte kvn)
    {
        kid = 0;
        kvn = 0;
        try
        {
            var reader = new BerTlvReader(data);
            var template = reader.Read();
            if (template.Tag != 0xA6 || reader.HasData)
            {
                return false;
            }

            var inner = new BerTlvReader(template.Value);
            var reference = inner.Read();
            if (reference.Tag != 0x83 || reference.Value.Length != 2 || inner.HasData)
            {
                return false;
            }

            kid = reference.Value[0];
            kvn = reference.Value[1];
            return true;
        }
        catch (CardDataFormatException)
        {
            return false;
        }
    }

    private void Close(CardSecurityStatus status)
    {
        Reset();

        // The session's verification and authority end with it, whatever ended it.
        status.CloseChannel();
    }

    /// <summary>Encodes the public SCP03 status object (GET DATA 'BF31', docs/card-interface.md).</summary>
    internal static byte[] EncodeStatus(NonVolatileMemory nvm)
    {
        var failed = ReadFailedAuthentications(nvm);
        var sequence = ReadSequenceCounter(nvm);
        using var writer = new BerTlvWriter(24);
        using (writer.PushConstructed(CasdTags.SecureChannelStatus))
        {
            writer.Write(0x80, (byte)Math.Min(failed, 0xFF));
            writer.Write(0x81, (byte)MaxFailedAuthentications);
            writer.Write(0x82, [(byte)(sequence >> 16), (byte)(sequence >> 8), (byte)sequence]);
        }

        return writer.ToArray();
    }

    private static int ReadFailedAuthentications(NonVolatileMemory nvm) =>
        nvm.Read(NvmLayout.Scp03FailedAuthentications) is { Length: 4 } cell ? BinaryPrimitives.ReadInt32BigEndian(cell) : 0;

    private static int ReadSequenceCounter(NonVolatileMemory nvm) =>
        nvm.Read(NvmLayout.Scp03SequenceCounter) is { Length: 3 } s ? (s[0] << 16) | (s[1] << 8) | s[2] : 0;

    private static bool ValidLevel(byte level) =>
        (level & ~0x33) == 0
        && (level & CardSecurityStatus.CommandMac) != 0
        && ((level & CardSecurityStatus.ResponseEncryption) == 0 || (level & 0x12) == 0x12);

    private static ResponseApdu Status(ushort sw) => new(ReadOnlyMemory<byte>.Empty, new StatusWord(sw));
}
