using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card;

/// <summary>
/// The production <see cref="ICardChannelFactory"/>: <see cref="CardChannelPurpose.Personalisation"/>
/// opens SCP03 with the card's static keys from <see cref="SecureChannelFactoryOptions.Scp03KeyProvider"/>
/// (diversified by the serial the card reported in the clear, which must be the one it names in
/// INITIALIZE UPDATE); <see cref="CardChannelPurpose.Verification"/> opens SCP11b against the
/// configured trust anchors, requiring the card's certificate to name that serial
/// (docs/decisions/0070-secure-channel-factory.md). The returned channel wraps a
/// <see cref="ScpChannel"/> and states its protection (both protocols authenticate
/// the card; the security level gives the rest); <see cref="CasdCard"/> disposes it when the session
/// ends, which zeroes the session keys.
/// </summary>
public sealed class SecureChannelFactory : ICardChannelFactory
{
    private readonly SecureChannelFactoryOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes the factory.</summary>
    /// <param name="options">Keys, trust anchors and clock.</param>
    /// <param name="logger">Where the factory and its channels log (never keys or data); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The SCP03 security level lacks C-DECRYPTION.</exception>
    public SecureChannelFactory(SecureChannelFactoryOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.Scp03.SecurityLevel & (SecurityLevel.CommandMac | SecurityLevel.CommandEncryption)) != (SecurityLevel.CommandMac | SecurityLevel.CommandEncryption))
        {
            throw new ArgumentException("Personalisation needs SCP03 with C-DECRYPTION and C-MAC: the card refuses templates and keys on a weaker channel.", nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The factory is not configured for the purpose (no key provider, no trust anchor); nothing was sent.</exception>
    /// <exception cref="SecureChannelAuthenticationException">The card or the host failed authentication (wrong keys, another card, a refused certificate).</exception>
    /// <exception cref="SecureChannelException">The card answered the handshake with malformed data.</exception>
    public async ValueTask<ICardChannel> OpenAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(request);
        var channel = request.Purpose switch
        {
            CardChannelPurpose.Personalisation => await OpenScp03Async(plain, request, cancellationToken).ConfigureAwait(false),
            CardChannelPurpose.Verification => await OpenScp11bAsync(plain, request, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Purpose, "Unknown channel purpose."),
        };
        SecureChannelFactoryLog.Opened(_logger, channel.Protocol, request.Purpose, request.CardSerial, (byte)channel.SecurityLevel);
        return new AuthenticatedCardChannel(channel);
    }

    private async Task<ScpChannel> OpenScp03Async(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken)
    {
        var provider = _options.Scp03KeyProvider
            ?? throw new InvalidOperationException("This channel factory has no SCP03 key provider, so it cannot open a personalisation channel; set SecureChannelFactoryOptions.Scp03KeyProvider (the desk's master key or HSM).");
        SecureChannelFactoryLog.Opening(_logger, SecureChannelProtocol.Scp03, request.Purpose, request.CardSerial);
        var bound = new SerialBoundKeyProvider(provider, ParseSerial(request.CardSerial), request.CardSerial);
        try
        {
            return await Scp03.OpenAsync(plain, bound, _options.Scp03, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (SecureChannelAuthenticationException exception)
        {
            SecureChannelFactoryLog.Refused(_logger, SecureChannelProtocol.Scp03, request.Purpose, request.CardSerial, exception.Message);
            throw;
        }
    }

    private async Task<ScpChannel> OpenScp11bAsync(IApduTransmitter plain, CardChannelRequest request, CancellationToken cancellationToken)
    {
        if (_options.TrustAnchors.Count == 0)
        {
            throw new InvalidOperationException("This channel factory has no trust anchor, so it cannot authenticate a card with SCP11b; set SecureChannelFactoryOptions.TrustAnchors (the CASD issuing CA).");
        }

        SecureChannelFactoryLog.Opening(_logger, SecureChannelProtocol.Scp11b, request.Purpose, request.CardSerial);
        var options = new Scp11bOptions
        {
            TrustAnchors = _options.TrustAnchors,
            TimeProvider = _options.TimeProvider,
            ExpectedCardSerial = request.CardSerial,
            KeyVersion = _options.Scp11bKeyVersion,
            KeyId = _options.Scp11bKeyId,
        };
        try
        {
            return await Scp11b.OpenAsync(plain, options, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (SecureChannelAuthenticationException exception)
        {
            SecureChannelFactoryLog.Refused(_logger, SecureChannelProtocol.Scp11b, request.Purpose, request.CardSerial, exception.Message);
            throw;
        }
    }

    private static byte[] ParseSerial(string serial)
    {
        try
        {
            var bytes = Convert.FromHexString(serial);
            if (bytes.Length == 8)
            {
                return bytes;
            }
        }
        catch (FormatException)
        {
        }

        throw new SecureChannelAuthenticationException($"The card serial '{serial}' is not 16 hexadecimal digits, so the card's SCP03 keys cannot be diversified.");
    }

    /// <summary>A GlobalPlatform channel seen as an <see cref="ICardChannel"/>: the card proved its key in the handshake.</summary>
    private sealed class AuthenticatedCardChannel(ScpChannel channel) : ICardChannel
    {
        public CardChannelProtection Protection { get; } = ToProtection(channel.SecurityLevel);

        public string Description { get; } = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{(channel.Protocol == SecureChannelProtocol.Scp03 ? "SCP03" : "SCP11b")} at security level {(byte)channel.SecurityLevel:X2}, key version {channel.KeyVersion:X2}");

        public ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) => channel.TransmitAsync(command, cancellationToken);

        public void Dispose() => channel.Dispose();

        private static CardChannelProtection ToProtection(SecurityLevel level)
        {
            var protection = CardChannelProtection.CardAuthenticated;
            if (level.HasFlag(SecurityLevel.CommandMac))
            {
                protection |= CardChannelProtection.CommandIntegrity;
            }

            if (level.HasFlag(SecurityLevel.CommandEncryption))
            {
                protection |= CardChannelProtection.CommandConfidentiality;
            }

            if (level.HasFlag(SecurityLevel.ResponseMac))
            {
                protection |= CardChannelProtection.ResponseIntegrity;
            }

            if (level.HasFlag(SecurityLevel.ResponseEncryption))
            {
                protection |= CardChannelProtection.ResponseConfidentiality;
            }

            return protection;
        }
    }

    /// <summary>
    /// Diversifies by the serial the card reported in the clear and refuses a card that names
    /// another serial in INITIALIZE UPDATE, so one card cannot be personalised with another's keys.
    /// </summary>
    private sealed class SerialBoundKeyProvider(IScp03KeyProvider inner, byte[] serial, string serialText) : IScp03KeyProvider
    {
        public ValueTask<Scp03StaticKeys> GetKeysAsync(Scp03KeyRequest request, CancellationToken cancellationToken = default)
        {
            if (!CryptographicOperations.FixedTimeEquals(request.CardSerial.Span, serial))
            {
                throw new SecureChannelAuthenticationException($"SCP03 refused: the card names another serial in INITIALIZE UPDATE than in GET DATA (card {serialText}).");
            }

            return inner.GetKeysAsync(request with { CardSerial = serial }, cancellationToken);
        }
    }
}
