using System.Globalization;
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
/// This class is the card's body: power, tearing, tracing and the lock that makes it one card.
/// What happens to a command inside is the card OS's (<c>Os.CardOs</c>: secure messaging, chaining,
/// GET RESPONSE, response shaping) and the application's (<c>Application.CasdApplet</c>);
/// docs/simulator.md draws the layers.
/// </remarks>
public sealed class SimulatedCard
{
    private readonly Lock _lock = new();
    private readonly NonVolatileMemory _nvm;
    private readonly CasdApplet _applet;
    private readonly CardOs _os;

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
        _os = new CardOs(Options, _applet, new CardSecureChannel(_nvm, Options.Scp03Keys ?? CardScp03Keys.GlobalPlatformTestKeys, Options.Scp11bCredentials));
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
    public CardSecurityStatus SecurityStatus => _os.SecurityStatus;

    /// <summary>Gets the card serial number as upper-case hexadecimal.</summary>
    public string Serial => Convert.ToHexString(_nvm.Read(NvmLayout.Serial) ?? []);

    /// <summary>Gets the lifecycle state.</summary>
    public Interface.CardLifecycleState Lifecycle => _applet.Lifecycle;

    /// <summary>
    /// Gets or sets the card side of a secure channel: a <see cref="CardSecureChannel"/> (SCP03 with
    /// <see cref="SimulatedCardOptions.Scp03Keys"/>, SCP11b when credentials are given) unless
    /// replaced; <see langword="null"/> answers secure-messaging commands with '6882'.
    /// </summary>
    public ISecureMessagingLayer? SecureMessaging
    {
        get => _os.SecureMessaging;
        set => _os.SecureMessaging = value;
    }

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
            _os.SecurityStatus.GrantPersonalisationAuthority();
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
            _os.ClearSession();
            IsPowered = true;
            return Atr;
        }
    }

    /// <summary>Cuts the power: the session (security status, selection, pending data) is lost.</summary>
    public void PowerOff()
    {
        lock (_lock)
        {
            _os.ClearSession();
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
                answer = _os.Process(command);
            }
            catch (NvmTearingException)
            {
                IsPowered = false;
                _os.ClearSession();
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
}
