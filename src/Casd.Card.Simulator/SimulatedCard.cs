using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Application;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tracing;
using Casd.Card.Transport;

namespace Casd.Card.Simulator;

/// <summary>
/// A software CASD card: card OS (ATR, SELECT, logical channel 0, extended length, command
/// chaining, GET RESPONSE, optional T=0 habits), the CASD application, and non-volatile memory
/// with atomic commits and tearing injection. Each instance is an independent card; its state
/// lives in its <see cref="INvmStore"/>. Commands are processed one at a time.
/// </summary>
/// <remarks>
/// Command flow: parse, secure-messaging layer (<see cref="SecureMessaging"/>: the channel's own
/// commands, then unwrap), class checks, chaining, dispatch, wrap, response shaping. This is the
/// one place where a secure channel plugs in. Every answer, the channel's own included, leaves
/// through the same shaping (ISO/IEC 7816-4, 5.1 and 5.3.4): at most Ne bytes (and at most
/// <see cref="SimulatedCardOptions.MaxResponseChunk"/>), the rest announced with '61XX' and fetched
/// by GET RESPONSE, which ends with the answer's own status word.
/// </remarks>
public sealed class SimulatedCard
{
    private const int MaxChainLength = 65_535;
    private readonly Lock _lock = new();
    private readonly NonVolatileMemory _nvm;
    private readonly CasdApplet _applet;
    private readonly CardSecurityStatus _status = new();
    private byte[]? _pending;
    private int _pendingOffset;
    private StatusWord _pendingStatus;
    private byte[]? _chain;
    private int _chainLength;
    private int _chainHeader = -1;
    private bool _selected;

    /// <summary>Creates a card in memory, manufactured fresh (personalisation state).</summary>
    /// <param name="options">Behaviour options; defaults when <see langword="null"/>.</param>
    public SimulatedCard(SimulatedCardOptions? options = null)
        : this(new MemoryNvmStore(), options)
    {
    }

    /// <summary>Creates a card over existing NVM; empty NVM is manufactured first. The card starts powered.</summary>
    /// <param name="store">The card's memory: <see cref="MemoryNvmStore"/> or <see cref="FileNvmStore"/>; one card per store.</param>
    /// <param name="options">Behaviour options; defaults when <see langword="null"/>.</param>
    /// <exception cref="CardDataFormatException">The store holds a corrupt state.</exception>
    public SimulatedCard(INvmStore store, SimulatedCardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Options = options ?? new SimulatedCardOptions();
        if (Options.MaxResponseChunk is < 1 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxResponseChunk, "MaxResponseChunk must be 1 to 65,536.");
        }

        _nvm = new NonVolatileMemory(store);
        _nvm.Recover();
        if (!AppletRecords.IsManufactured(store))
        {
            var serial = Options.Serial?.ToArray() ?? RandomNumberGenerator.GetBytes(8);
            if (serial.Length != 8)
            {
                throw new ArgumentException("The serial number must be 8 bytes.", nameof(options));
            }

            AppletRecords.Manufacture(_nvm, serial);
        }

        _applet = new CasdApplet(_nvm, Options);
        SecureMessaging = new CardSecureChannel(_nvm, Options.Scp03Keys ?? CardScp03Keys.GlobalPlatformTestKeys, Options.Scp11bCredentials);
        PowerOn();
    }

    /// <summary>Gets the card's behaviour options.</summary>
    public SimulatedCardOptions Options { get; }

    internal NonVolatileMemory Nvm => _nvm;

    /// <summary>Gets the card's memory.</summary>
    public INvmStore Store => _nvm.Store;

    /// <summary>Gets the answer to reset (<see cref="CardAtr"/>).</summary>
    public ReadOnlyMemory<byte> Atr { get; } = CardAtr.ToArray();

    /// <summary>Gets whether the card is powered.</summary>
    public bool IsPowered { get; private set; }

    /// <summary>Gets the card's volatile security status.</summary>
    public CardSecurityStatus SecurityStatus => _status;

    /// <summary>Gets the card serial number as upper-case hexadecimal.</summary>
    public string Serial => Convert.ToHexString(_nvm.Read(NvmLayout.Serial) ?? []);

    /// <summary>Gets the lifecycle state.</summary>
    public Interface.CardLifecycleState Lifecycle => _applet.Lifecycle;

    /// <summary>
    /// Gets or sets the card side of a secure channel: a <see cref="CardSecureChannel"/> (SCP03 with
    /// <see cref="SimulatedCardOptions.Scp03Keys"/>, SCP11b when credentials are given) unless
    /// replaced; <see langword="null"/> answers secure-messaging commands with '6882'.
    /// </summary>
    public ISecureMessagingLayer? SecureMessaging { get; set; }

    /// <summary>Gets or sets the trace the card records its exchanges in; none when <see langword="null"/>.</summary>
    public ApduTrace? Trace { get; set; }

    /// <summary>Gets the number of NVM writes since the card object was created, for tearing campaigns.</summary>
    public long NvmWriteCount => _nvm.WriteCount;

    /// <summary>
    /// Simulator only, for a card whose access rules are off: authenticates the personalisation
    /// authority for the current session, as an SCP03 channel with C-DECRYPTION and C-MAC does
    /// (docs/card-interface.md, 5). Cleared at power-off, reset and SELECT.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The card enforces the access rules (<see cref="SimulatedCardOptions.EnforceChannelAccessRules"/>,
    /// the default): only an SCP03 channel with C-DECRYPTION and C-MAC authenticates the authority.
    /// </exception>
    public void GrantPersonalisationAuthority()
    {
        if (Options.EnforceChannelAccessRules)
        {
            throw new InvalidOperationException(
                "This simulated card enforces the channel access rules: open an SCP03 channel with C-DECRYPTION and C-MAC to personalise it, "
                + "or create the card with SimulatedCardOptions.EnforceChannelAccessRules = false to grant the authority directly.");
        }

        lock (_lock)
        {
            _status.GrantPersonalisationAuthority();
        }
    }

    /// <summary>Arms tearing: power is lost right after the <paramref name="writes"/>-th NVM write from now.</summary>
    /// <param name="writes">1 for the next write.</param>
    public void TearAfterNvmWrites(int writes)
    {
        lock (_lock)
        {
            _nvm.TearAfter(writes);
        }
    }

    /// <summary>Disarms tearing.</summary>
    public void CancelTearing()
    {
        lock (_lock)
        {
            _nvm.CancelTearing();
        }
    }

    /// <summary>Powers the card up: completes or rolls back an interrupted NVM update and clears the session.</summary>
    /// <returns>The ATR.</returns>
    public ReadOnlyMemory<byte> PowerOn()
    {
        lock (_lock)
        {
            _nvm.Recover();
            _applet.Load();
            ClearSession();
            IsPowered = true;
            return Atr;
        }
    }

    /// <summary>Cuts the power: the session (security status, selection, pending data) is lost.</summary>
    public void PowerOff()
    {
        lock (_lock)
        {
            ClearSession();
            _nvm.CancelTearing();
            IsPowered = false;
        }
    }

    /// <summary>Resets the card (power cycle).</summary>
    /// <returns>The ATR.</returns>
    public ReadOnlyMemory<byte> Reset()
    {
        PowerOff();
        return PowerOn();
    }

    /// <summary>Gets a snapshot of the application's NVM cells (hexadecimal values), to compare states.</summary>
    /// <returns>Cell name to value.</returns>
    public IReadOnlyDictionary<string, string> SnapshotNvm()
    {
        lock (_lock)
        {
            return _nvm.Snapshot();
        }
    }

    /// <summary>Processes one command APDU.</summary>
    /// <param name="command">The encoded command.</param>
    /// <param name="response">Where the response is written; 65,538 bytes fit any response.</param>
    /// <returns>The number of response bytes.</returns>
    /// <exception cref="CardCommunicationException">The card is not powered.</exception>
    /// <exception cref="CardPowerLostException">Injected tearing cut the power during the command.</exception>
    /// <exception cref="ArgumentException">The response buffer is too small.</exception>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        lock (_lock)
        {
            if (!IsPowered)
            {
                throw new CardCommunicationException("The simulated card is not powered; power it on (or reset it) first.");
            }

            var trace = Trace;
            var started = trace is null ? 0 : ApduTrace.Timestamp();
            ResponseApdu answer;
            try
            {
                answer = Process(command);
            }
            catch (NvmTearingException)
            {
                IsPowered = false;
                ClearSession();
                trace?.Record(started, command, [], "power lost");
                throw new CardPowerLostException();
            }

            if (!answer.TryEncode(response, out var written))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The response buffer holds {0} bytes but the response needs {1}.", response.Length, answer.EncodedLength), nameof(response));
            }

            trace?.Record(started, command, response[..written]);
            return written;
        }
    }

    /// <summary>Processes one command APDU into a new array.</summary>
    /// <param name="command">The encoded command.</param>
    /// <returns>The encoded response.</returns>
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var buffer = new byte[65_538];
        var length = Transmit(command, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    private ResponseApdu Process(ReadOnlySpan<byte> encoded)
    {
        CommandApdu command;
        try
        {
            command = CommandApdu.Parse(encoded);
        }
        catch (CardDataFormatException)
        {
            return Status(encoded.Length >= 1 && encoded[0] == 0xFF ? Sw.ClassNotSupported : encoded.Length >= 2 && (encoded[1] & 0xF0) is 0x60 or 0x90 ? Sw.InstructionNotSupported : Sw.WrongLength);
        }

        try
        {
            if (command.Ins != Ins.GetResponse)
            {
                // Only GET RESPONSE may follow a '61XX'; any other command forgets the rest.
                _pending = null;
            }

            var layer = SecureMessaging;
            var lc = ReceivedLc(encoded);
            if (layer is not null && layer.TryHandle(command, lc, _status, out var channelResponse))
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
            // Probes and reference templates must not linger in card RAM.
            if (Casd.Card.Iso7816.SensitiveCommands.IsSensitive(command) && MemoryMarshal.TryGetArray(command.Data, out var segment))
            {
                CryptographicOperations.ZeroMemory(segment.AsSpan());
            }
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
        if (!isProtected)
        {
            var refusal = CheckClass(command);
            if (refusal is not null)
            {
                return Status(refusal.Value);
            }
        }

        var header = (command.Ins << 16) | (command.P1 << 8) | command.P2;
        if (ClassByte.IsChaining(command.Cla))
        {
            _pending = null;
            if (_chainHeader != -1 && _chainHeader != header)
            {
                ResetChain();
                return Status(Sw.LastCommandOfChainExpected);
            }

            if (_chainLength + command.Nc > MaxChainLength)
            {
                ResetChain();
                return Status(Sw.WrongLength);
            }

            _chainHeader = header;
            _chain ??= new byte[MaxChainLength];
            command.Data.Span.CopyTo(_chain.AsSpan(_chainLength));
            _chainLength += command.Nc;
            return Status(Sw.Ok);
        }

        if (_chainHeader != -1)
        {
            if (_chainHeader != header)
            {
                ResetChain();
                return Status(Sw.LastCommandOfChainExpected);
            }

            if (_chainLength + command.Nc > MaxChainLength)
            {
                ResetChain();
                return Status(Sw.WrongLength);
            }

            var whole = new byte[_chainLength + command.Nc];
            _chain.AsSpan(0, _chainLength).CopyTo(whole);
            command.Data.Span.CopyTo(whole.AsSpan(_chainLength));
            ResetChain();
            command = new CommandApdu(ClassByte.WithChaining(command.Cla, false), command.Ins, command.P1, command.P2, whole, command.Ne);

            // The chain's blocks each had their own Lc; the MAC covers the whole command's Lc in
            // its shortest form, as the host computed it before chaining.
            lc = whole.Length > CommandApdu.MaxShortDataLength ? LcEncoding.ExtendedForm : LcEncoding.ShortForm;
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
        if (!layer.TryUnwrap(command, lc, _status, out var plain, out var error))
        {
            return new ResponseApdu(ReadOnlyMemory<byte>.Empty, error);
        }

        try
        {
            var refusal = CheckClass(plain) ?? (plain.Ins == Ins.GetResponse ? Sw.ConditionsOfUseNotSatisfied : null);
            var result = refusal is null ? Execute(plain) : CardResponse.Status(refusal.Value);
            var wrapped = layer.Wrap(plain, new ResponseApdu(result.Data ?? ReadOnlyMemory<byte>.Empty, new StatusWord(result.Sw)), _status);

            // The whole protected response is split by GET RESPONSE afterwards, never before.
            return Shape(plain, wrapped.Data, wrapped.StatusWord);
        }
        finally
        {
            if (Casd.Card.Iso7816.SensitiveCommands.IsSensitive(plain) && MemoryMarshal.TryGetArray(plain.Data, out var segment))
            {
                CryptographicOperations.ZeroMemory(segment.AsSpan());
            }
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
        _pending = null;
        CardResponse result;
        if (command.Ins == Ins.Select)
        {
            ClearSession();
            result = _applet.Select(command);
            _selected = result.Sw == Sw.Ok;
        }
        else if (!_selected)
        {
            result = CardResponse.Status(Sw.ConditionsOfUseNotSatisfied);
        }
        else
        {
            result = _applet.Process(command, _status);
        }

        return result;
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

        if (Options.AnswerWrongLengthWith6C && sw.IsSuccess && command.Nc == 0 && command.Ne < data.Length && data.Length <= 256)
        {
            return Status((ushort)(0x6C00 | (data.Length & 0xFF)));
        }

        var first = Math.Min(Math.Min(data.Length, command.Ne), Options.MaxResponseChunk);
        if (Options.AnswerWithGetResponse)
        {
            first = 0;
        }

        if (first == data.Length)
        {
            return new ResponseApdu(data, sw);
        }

        _pending = data.ToArray();
        _pendingOffset = first;
        _pendingStatus = sw;
        return new ResponseApdu(_pending.AsMemory(0, first), MoreData());
    }

    private ResponseApdu GetResponse(CommandApdu command)
    {
        if (_pending is null)
        {
            return Status(Sw.ConditionsOfUseNotSatisfied);
        }

        if (command.P1 != 0 || command.P2 != 0)
        {
            return Status(Sw.IncorrectP1P2);
        }

        var remaining = _pending.Length - _pendingOffset;
        var count = Math.Min(Math.Min(remaining, Math.Max(command.Ne, 1)), Options.MaxResponseChunk);
        var chunk = _pending.AsMemory(_pendingOffset, count);
        _pendingOffset += count;
        if (_pendingOffset == _pending.Length)
        {
            _pending = null;
            return new ResponseApdu(chunk, _pendingStatus);
        }

        return new ResponseApdu(chunk, MoreData());
    }

    private StatusWord MoreData()
    {
        var remaining = _pending!.Length - _pendingOffset;
        return new StatusWord(0x61, remaining >= 256 ? (byte)0 : (byte)remaining);
    }

    private void ResetChain()
    {
        _chainHeader = -1;
        if (_chain is not null)
        {
            CryptographicOperations.ZeroMemory(_chain.AsSpan(0, _chainLength));
        }

        _chainLength = 0;
    }

    private void ClearSession()
    {
        _status.Clear();
        SecureMessaging?.Reset();
        _pending = null;
        _selected = false;
        ResetChain();
    }

    private static ResponseApdu Status(ushort sw) => new(ReadOnlyMemory<byte>.Empty, new StatusWord(sw));
}
