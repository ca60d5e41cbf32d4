using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Application;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// The card operating system: what happens to one command APDU between the reader and the CASD
/// application. Parse; the secure-messaging layer (the channel's own commands, then unwrap); class
/// checks; chaining; SELECT and GET RESPONSE; dispatch to the applet; wrap; response shaping.
/// </summary>
/// <remarks>
/// Every answer, the channel's own included, leaves through the same shaping (ISO/IEC 7816-4, 5.1
/// and 5.3.4; decision 0037): at most Ne bytes (and at most
/// <see cref="SimulatedCardOptions.MaxResponseChunk"/>), the rest announced with '61XX' and fetched
/// by GET RESPONSE, which ends with the answer's own status word. Power, tearing and tracing are
/// <see cref="SimulatedCard"/>'s; the session state is <see cref="CardOsSession"/>.
/// </remarks>
internal sealed class CardOs
{
    private readonly SimulatedCardOptions _options;
    private readonly CasdApplet _applet;
    private readonly CardOsSession _session = new();

    public CardOs(SimulatedCardOptions options, CasdApplet applet, ISecureMessagingLayer? secureMessaging)
    {
        _options = options;
        _applet = applet;
        SecureMessaging = secureMessaging;
    }

    /// <summary>Gets the security status: the secure session and what it earned.</summary>
    public CardSecurityStatus SecurityStatus { get; } = new();

    /// <summary>Gets or sets the card side of a secure channel; <see langword="null"/> answers secure messaging with '6882'.</summary>
    public ISecureMessagingLayer? SecureMessaging { get; set; }

    /// <summary>Forgets the session, as at power-up, reset and power-off: security status, channel, selection, chain, pending answer.</summary>
    public void ClearSession()
    {
        SecurityStatus.Clear();
        SecureMessaging?.Reset();
        _session.Clear();
    }

    /// <summary>Processes one command APDU.</summary>
    /// <param name="encoded">The command as received.</param>
    /// <returns>The answer.</returns>
    public ResponseApdu Process(ReadOnlySpan<byte> encoded)
    {
        CommandApdu command;
        try
        {
            command = CommandApdu.Parse(encoded);
        }
        catch (CardDataFormatException)
        {
            // The host's strict parser is the card's too; its refusal is mapped to the status word
            // a card gives a command it cannot read (no TryParse exists on CommandApdu).
            return Status(encoded.Length >= 1 && encoded[0] == 0xFF ? Sw.ClassNotSupported : encoded.Length >= 2 && (encoded[1] & 0xF0) is 0x60 or 0x90 ? Sw.InstructionNotSupported : Sw.WrongLength);
        }

        try
        {
            if (command.Ins != Ins.GetResponse)
            {
                // Only GET RESPONSE may follow a '61XX'; any other command forgets the rest.
                _session.Pending.Forget();
            }

            var layer = SecureMessaging;
            var lc = ReceivedLc(encoded);
            if (layer is not null && layer.TryHandle(command, lc, SecurityStatus, out var channelResponse))
            {
                return Shape(command, channelResponse.Data, channelResponse.StatusWord);
            }

            if (layer is null && ClassByte.GetSecureMessaging(command.Cla) != SecureMessagingIndication.None)
            {
                return Status(Sw.SecureMessagingNotSupported);
            }

            return Dispatch(command, lc, layer);
        }
        finally
        {
            WipeIfSensitive(command);
        }
    }

    /// <summary>
    /// How Lc arrived (ISO/IEC 7816-3, 12.1.3): after the header, a first byte '00' followed by more
    /// bytes opens extended length fields; a single byte is a short Le, anything else a short Lc.
    /// </summary>
    private static LcEncoding ReceivedLc(ReadOnlySpan<byte> encoded) =>
        encoded.Length > 6 && encoded[4] == 0 ? LcEncoding.ExtendedForm : LcEncoding.ShortForm;

    private ResponseApdu Dispatch(CommandApdu command, LcEncoding lc, ISecureMessagingLayer? layer)
    {
        // A protected command is reassembled from its chain, then unwrapped, then checked: the
        // host wraps first and chains after, and the MAC chain must see every protected command.
        var isProtected = layer is not null && ClassByte.GetSecureMessaging(command.Cla) != SecureMessagingIndication.None;
        if (!isProtected && CheckClass(command) is { } refusal)
        {
            return Status(refusal);
        }

        if (ClassByte.IsChaining(command.Cla))
        {
            _session.Pending.Forget();
            return Status(_session.Chain.Append(command));
        }

        if (_session.Chain.IsOpen)
        {
            if (!_session.Chain.TryComplete(command, out command, out var chainRefusal))
            {
                return Status(chainRefusal);
            }

            // The chain's blocks each had their own Lc; the MAC covers the whole command's Lc in
            // its shortest form, as the host computed it before chaining.
            lc = command.Nc > CommandApdu.MaxShortDataLength ? LcEncoding.ExtendedForm : LcEncoding.ShortForm;
        }

        if (isProtected)
        {
            return DispatchProtected(command, lc, layer!);
        }

        if (command.Ins == Ins.GetResponse)
        {
            return GetResponse(command);
        }

        var result = Execute(command);
        return Shape(command, result.Data, new StatusWord(result.Sw));
    }

    private ResponseApdu DispatchProtected(CommandApdu command, LcEncoding lc, ISecureMessagingLayer layer)
    {
        if (!layer.TryUnwrap(command, lc, SecurityStatus, out var plain, out var error))
        {
            return new ResponseApdu(ReadOnlyMemory<byte>.Empty, error);
        }

        try
        {
            var refusal = CheckClass(plain) ?? (plain.Ins == Ins.GetResponse ? Sw.ConditionsOfUseNotSatisfied : null);
            var result = refusal is null ? Execute(plain) : CardResponse.Status(refusal.Value);
            var wrapped = layer.Wrap(plain, new ResponseApdu(result.Data ?? ReadOnlyMemory<byte>.Empty, new StatusWord(result.Sw)), SecurityStatus);

            // The whole protected response is split by GET RESPONSE afterwards, never before.
            return Shape(plain, wrapped.Data, wrapped.StatusWord);
        }
        finally
        {
            WipeIfSensitive(plain);
        }
    }

    private static ushort? CheckClass(CommandApdu command)
    {
        if (ClassByte.IsProprietary(command.Cla))
        {
            return Sw.ClassNotSupported;
        }

        return command.LogicalChannel != 0 ? Sw.LogicalChannelNotSupported : null;
    }

    private CardResponse Execute(CommandApdu command)
    {
        _session.Pending.Forget();
        if (command.Ins == Ins.Select)
        {
            ClearSession();
            var result = _applet.Select(command);
            _session.IsApplicationSelected = result.Sw == Sw.Ok;
            return result;
        }

        return _session.IsApplicationSelected ? _applet.Process(command, SecurityStatus) : CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
    }

    /// <summary>
    /// The one exit of every answer: data no longer than Ne (an extended Le allows up to 65,536
    /// bytes) and <see cref="SimulatedCardOptions.MaxResponseChunk"/>; the rest waits for GET
    /// RESPONSE behind '61XX', and the last piece carries the answer's status word.
    /// </summary>
    private ResponseApdu Shape(CommandApdu command, ReadOnlyMemory<byte> data, StatusWord sw)
    {
        if (data.IsEmpty)
        {
            return new ResponseApdu(ReadOnlyMemory<byte>.Empty, sw);
        }

        if (_options.AnswerWrongLengthWith6C && sw.IsSuccess && command.Nc == 0 && command.Ne < data.Length && data.Length <= 256)
        {
            return Status((ushort)(0x6C00 | (data.Length & 0xFF)));
        }

        var first = _options.AnswerWithGetResponse ? 0 : Math.Min(Math.Min(data.Length, command.Ne), _options.MaxResponseChunk);
        return first == data.Length ? new ResponseApdu(data, sw) : _session.Pending.Hold(data, first, sw);
    }

    private ResponseApdu GetResponse(CommandApdu command)
    {
        if (!_session.Pending.IsWaiting)
        {
            return Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (command.P1 != 0 || command.P2 != 0)
        {
            return Status(Sw.IncorrectP1P2);
        }

        return _session.Pending.Next(Math.Min(Math.Max(command.Ne, 1), _options.MaxResponseChunk));
    }

    /// <summary>Probes and reference templates must not linger in card RAM.</summary>
    private static void WipeIfSensitive(CommandApdu command)
    {
        if (SensitiveCommands.IsSensitive(command) && MemoryMarshal.TryGetArray(command.Data, out var segment))
        {
            CryptographicOperations.ZeroMemory(segment.AsSpan());
        }
    }

    private static ResponseApdu Status(ushort sw) => new(ReadOnlyMemory<byte>.Empty, new StatusWord(sw));
}
