using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.SecureChannel;

/// <summary>
/// Opens GlobalPlatform SCP03 channels (Card Specification v2.3 Amendment D): INITIALIZE UPDATE,
/// card cryptogram check, EXTERNAL AUTHENTICATE with the host cryptogram, then secure messaging
/// at the requested level, in S8 mode (8-byte challenges, cryptograms and MACs) or S16 mode (16
/// bytes, Amendment D v1.2); docs/secure-channel.md.
/// </summary>
public static class Scp03
{
    /// <summary>CLA of INITIALIZE UPDATE.</summary>
    public const byte GlobalPlatformCla = 0x80;

    /// <summary>INS of INITIALIZE UPDATE.</summary>
    public const byte InitializeUpdateIns = 0x50;

    /// <summary>INS of EXTERNAL AUTHENTICATE.</summary>
    public const byte ExternalAuthenticateIns = 0x82;

    /// <summary>Opens a channel with known static keys.</summary>
    /// <param name="transmitter">The stage below: an <see cref="ApduPipeline"/> or any <see cref="IApduTransmitter"/>; the application must be selected.</param>
    /// <param name="keys">The card's static keys; not disposed.</param>
    /// <param name="options">The level and key version; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where the channel logs (never keys or data); none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open channel; dispose it to zero the session keys.</returns>
    /// <exception cref="SecureChannelAuthenticationException">The card cryptogram does not verify (wrong keys) or the card refuses the host.</exception>
    /// <exception cref="SecureChannelException">The card answers INITIALIZE UPDATE with an error or malformed data.</exception>
    public static async Task<ScpChannel> OpenAsync(IApduTransmitter transmitter, Scp03StaticKeys keys, Scp03Options? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var provider = new StaticScp03KeyProvider(keys);
        return await OpenAsync(transmitter, provider, options, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a channel with keys served by a provider (a master-key diversifier or an HSM).</summary>
    /// <param name="transmitter">The stage below: an <see cref="ApduPipeline"/> or any <see cref="IApduTransmitter"/>; the application must be selected.</param>
    /// <param name="keyProvider">Serves the card's static keys once the card has identified itself.</param>
    /// <param name="options">The level and key version; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where the channel logs (never keys or data); none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open channel; dispose it to zero the session keys.</returns>
    /// <exception cref="SecureChannelAuthenticationException">The card cryptogram does not verify (wrong keys) or the card refuses the host.</exception>
    /// <exception cref="SecureChannelException">The card answers INITIALIZE UPDATE with an error or malformed data.</exception>
    public static async Task<ScpChannel> OpenAsync(IApduTransmitter transmitter, IScp03KeyProvider keyProvider, Scp03Options? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(keyProvider);
        options ??= new Scp03Options();
        logger ??= NullLogger.Instance;
        var level = options.SecurityLevel;
        ValidateLevel(level);
        var mode = options.Mode;
        var challengeLength = (int)mode;
        if (mode is not (ScpMode.S8 or ScpMode.S16))
        {
            throw new ArgumentException($"SCP03 runs in S8 or S16 mode, not {mode}.", nameof(options));
        }

        var hostChallenge = new byte[challengeLength];
        if (options.HostChallenge is null)
        {
            RandomNumberGenerator.Fill(hostChallenge);
        }
        else
        {
            options.HostChallenge(hostChallenge);
        }

        var initializeUpdate = new CommandApdu(GlobalPlatformCla, InitializeUpdateIns, options.KeyVersion, 0x00, hostChallenge, 256);
        var response = await transmitter.TransmitAsync(initializeUpdate, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            var reason = response.StatusWord.Value switch
            {
                0x6A88 => $"the card holds no SCP03 keys with version {options.KeyVersion:X2}",
                0x6983 => "the card has blocked SCP03 authentication",
                _ => "the card refused INITIALIZE UPDATE",
            };
            SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp03, reason);
            throw new SecureChannelAuthenticationException($"SCP03 cannot start: {reason} ({response.StatusWord}).");
        }

        var answer = InitializeUpdateResponse.Parse(response.Data.Span, level, mode);
        var context = new byte[2 * challengeLength];
        hostChallenge.CopyTo(context, 0);
        answer.CardChallenge.CopyTo(context, challengeLength);

        using var keys = await keyProvider.GetKeysAsync(new Scp03KeyRequest(answer.KeyVersion, answer.DiversificationData, answer.DiversificationData.AsMemory(0, 8)), cancellationToken).ConfigureAwait(false);
        var length = keys.KeyLength;
        var sessionEnc = new byte[length];
        var sessionMac = new byte[length];
        var sessionRmac = new byte[length];
        // Cryptograms are as long as the challenges: L = 64 bits in S8, 128 in S16 (Amendment D, 6.2.2).
        var cryptogram = new byte[challengeLength];
        SecureMessagingSession? session = null;
        try
        {
            Scp03Kdf.Derive(keys.Enc, Scp03Kdf.SessionEnc, context, sessionEnc);
            Scp03Kdf.Derive(keys.Mac, Scp03Kdf.SessionMac, context, sessionMac);
            Scp03Kdf.Derive(keys.Mac, Scp03Kdf.SessionRmac, context, sessionRmac);
            using (var prf = new AesCmac(sessionMac))
            {
                Scp03Kdf.Derive(prf, Scp03Kdf.CardCryptogram, context, cryptogram);
                if (!CryptographicOperations.FixedTimeEquals(cryptogram, answer.CardCryptogram))
                {
                    SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp03, "card cryptogram mismatch");
                    throw new SecureChannelAuthenticationException($"The card cryptogram does not verify: the static keys for key version {answer.KeyVersion:X2} are not this card's, or the card is not genuine.");
                }

                Scp03Kdf.Derive(prf, Scp03Kdf.HostCryptogram, context, cryptogram);
            }

            session = new SecureMessagingSession(sessionEnc, sessionMac, sessionRmac, stackalloc byte[16], level, mode, options.Framing(transmitter));
            var data = new byte[challengeLength + session.MacLength];
            cryptogram.CopyTo(data, 0);
            session.MacCommand(GlobalPlatformCla | 0x04, ExternalAuthenticateIns, (byte)level, 0x00, cryptogram, 0, data.AsSpan(challengeLength));
            var authenticate = new CommandApdu(GlobalPlatformCla | 0x04, ExternalAuthenticateIns, (byte)level, 0x00, data);
            var result = await transmitter.TransmitAsync(authenticate, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp03, "host cryptogram refused");
                throw new SecureChannelAuthenticationException($"The card refused the host cryptogram ({result.StatusWord}): the keys or the security level are not accepted.");
            }

            var channel = new ScpChannel(transmitter, session, SecureChannelProtocol.Scp03, answer.KeyVersion, mode, logger);
            session = null;
            SecureChannelLog.Opened(logger, SecureChannelProtocol.Scp03, (byte)level, answer.KeyVersion);
            return channel;
        }
        finally
        {
            session?.Dispose();
            CryptographicOperations.ZeroMemory(sessionEnc);
            CryptographicOperations.ZeroMemory(sessionMac);
            CryptographicOperations.ZeroMemory(sessionRmac);
            CryptographicOperations.ZeroMemory(cryptogram);
        }
    }

    internal static void ValidateLevel(SecurityLevel level)
    {
        var valid = (level & ~SecurityLevel.Full) == 0
            && (level & SecurityLevel.CommandMac) != 0
            && ((level & SecurityLevel.ResponseEncryption) == 0 || (level & (SecurityLevel.ResponseMac | SecurityLevel.CommandEncryption)) == (SecurityLevel.ResponseMac | SecurityLevel.CommandEncryption));
        if (!valid)
        {
            throw new ArgumentException($"Security level {(byte)level:X2} is not one GlobalPlatform allows here: C-MAC is required, and R-ENCRYPTION needs C-DECRYPTION and R-MAC.", nameof(level));
        }
    }
}
