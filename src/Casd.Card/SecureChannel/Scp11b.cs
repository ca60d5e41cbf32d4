using System.Security.Cryptography;
using Casd.Card.Iso7816;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Casd.Card.SecureChannel;

/// <summary>
/// Opens GlobalPlatform SCP11b channels (Card Specification v2.3 Amendment F): the card proves
/// itself with its certificate and static ECDH key (P-256), the host stays anonymous. GET DATA
/// 'BF21' (certificate store, the card's own certificate last), chain validation before anything
/// else is sent, INTERNAL AUTHENTICATE with an ephemeral key, X9.63 KDF (SHA-256), receipt check,
/// then SCP03 secure messaging at C-MAC, C-DECRYPTION, R-MAC, R-ENCRYPTION, in S8 or S16 mode.
/// </summary>
public static class Scp11b
{
    /// <summary>INS of INTERNAL AUTHENTICATE (SCP11b key agreement).</summary>
    public const byte InternalAuthenticateIns = 0x88;

    /// <summary>Tag of the GlobalPlatform certificate store (GET DATA P1-P2).</summary>
    public const ushort CertificateStoreTag = 0xBF21;

    private const byte SessionKeyLength = 16;
    // BouncyCastle's dedicated P-256 arithmetic: several times faster than the generic curve.
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    /// <summary>Opens a channel to the card whose certificate chains to one of the trust anchors.</summary>
    /// <param name="transmitter">The stage below: an <see cref="ApduPipeline"/> or any <see cref="IApduTransmitter"/>; the application must be selected.</param>
    /// <param name="options">Trust anchors, clock, expected card.</param>
    /// <param name="logger">Where the channel logs (never keys or data); none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open channel; dispose it to zero the session keys.</returns>
    /// <exception cref="CardCertificateValidationException">The card's certificate is refused; nothing was sent after GET DATA.</exception>
    /// <exception cref="SecureChannelAuthenticationException">The card refuses the key agreement or its receipt does not verify.</exception>
    /// <exception cref="SecureChannelException">The card's answers are malformed.</exception>
    public static async Task<ScpChannel> OpenAsync(IApduTransmitter transmitter, Scp11bOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        if (options.TrustAnchors.Count == 0)
        {
            throw new ArgumentException("SCP11b needs at least one trust anchor (the CASD issuing CA).", nameof(options));
        }

        if (options.SecurityLevel != SecurityLevel.Full)
        {
            throw new ArgumentException("SCP11b sessions run at C-MAC, C-DECRYPTION, R-MAC and R-ENCRYPTION only.", nameof(options));
        }

        if (options.Mode is not (ScpMode.S8 or ScpMode.S16))
        {
            throw new ArgumentException($"SCP11b runs in S8 or S16 mode, not {options.Mode}.", nameof(options));
        }

        // The key reference is KID then KVN (Amendment F, GET DATA (Certificate Store)).
        var framing = options.Framing(transmitter);
        var storeLength = framing.Capabilities.SupportsExtendedLength ? CommandApdu.MaxExtendedExpectedLength : CommandApdu.MaxShortExpectedLength;
        var getData = new CommandApdu(0x80, 0xCA, CertificateStoreTag >> 8, CertificateStoreTag & 0xFF, new byte[] { 0xA6, 0x04, 0x83, 0x02, options.KeyId, options.KeyVersion }, storeLength);
        var store = await transmitter.TransmitAsync(getData, cancellationToken).ConfigureAwait(false);
        if (!store.IsSuccess)
        {
            throw new SecureChannelAuthenticationException($"The card has no SCP11b certificate ({store.StatusWord}).");
        }

        ECPublicKeyParameters cardStatic;
        try
        {
            var certified = CardCertificateValidator.Validate(store.Data.Span, options);
            cardStatic = new ECPublicKeyParameters(Domain.Curve.DecodePoint(certified.Q.GetEncoded(false)), Domain);
        }
        catch (CardCertificateValidationException exception)
        {
            SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp11b, exception.Message);
            throw;
        }

        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        var ephemeral = generator.GenerateKeyPair();
        var hostPoint = ((ECPublicKeyParameters)ephemeral.Public).Q.GetEncoded(false);
        // Control reference template (Amendment F, 7.6.2.3): SCP '11' with i = '00' (SCP11b), key
        // usage, key type AES, session key length; then ePK.OCE.
        byte[] commandData =
        [
            0xA6, 0x0D, 0x90, 0x02, 0x11, 0x00, 0x95, 0x01, Scp11KeyDerivation.KeyUsage, 0x80, 0x01, Scp11KeyDerivation.KeyType, 0x81, 0x01, SessionKeyLength,
            0x5F, 0x49, (byte)hostPoint.Length, .. hostPoint,
        ];
        var authenticate = new CommandApdu(0x80, InternalAuthenticateIns, options.KeyVersion, options.KeyId, commandData, 256);
        var response = await transmitter.TransmitAsync(authenticate, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp11b, "key agreement refused");
            throw new SecureChannelAuthenticationException($"The card refused the SCP11b key agreement ({response.StatusWord}).");
        }

        var (cardKeyTlv, cardEphemeral, receipt) = ParseAnswer(response.Data.Span, Domain);
        var z = new byte[64];
        var keys = new byte[Scp11KeyDerivation.KeyCount * SessionKeyLength];
        var expected = new byte[AesCmac.Size];
        SecureMessagingSession? session = null;
        try
        {
            Agree(ephemeral.Private, cardEphemeral, z.AsSpan(0, 32));
            Agree(ephemeral.Private, cardStatic, z.AsSpan(32, 32));
            Scp11KeyDerivation.DeriveKeys(z, SessionKeyLength, keys);
            Scp11KeyDerivation.Receipt(keys.AsSpan(0, SessionKeyLength), commandData, cardKeyTlv, expected);

            if (!CryptographicOperations.FixedTimeEquals(expected, receipt))
            {
                SecureChannelLog.AuthenticationFailed(logger, SecureChannelProtocol.Scp11b, "receipt mismatch");
                throw new SecureChannelAuthenticationException("The card's SCP11b receipt does not verify: the answer was altered or the card does not hold the certified key.");
            }

            session = new SecureMessagingSession(keys.AsSpan(16, 16), keys.AsSpan(32, 16), keys.AsSpan(48, 16), receipt, SecurityLevel.Full, options.Mode, framing);
            var channel = new ScpChannel(transmitter, session, SecureChannelProtocol.Scp11b, options.KeyVersion, options.Mode, logger);
            session = null;
            SecureChannelLog.Opened(logger, SecureChannelProtocol.Scp11b, (byte)SecurityLevel.Full, options.KeyVersion);
            return channel;
        }
        finally
        {
            session?.Dispose();
            CryptographicOperations.ZeroMemory(z);
            CryptographicOperations.ZeroMemory(keys);
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    private static (byte[] CardKeyTlv, ECPublicKeyParameters CardKey, byte[] Receipt) ParseAnswer(ReadOnlySpan<byte> data, ECDomainParameters domain)
    {
        try
        {
            var reader = new BerTlvReader(data);
            var key = reader.Read();
            var receipt = reader.Read();
            if (key.Tag != 0x5F49 || receipt.Tag != 0x86 || receipt.Value.Length != 16 || reader.HasData)
            {
                throw new SecureChannelException("The SCP11b answer is not 5F49 (card ephemeral key) then 86 (16-byte receipt).");
            }

            var point = domain.Curve.DecodePoint(key.Value.ToArray());
            return (key.Encoded.ToArray(), new ECPublicKeyParameters(point, domain), receipt.Value.ToArray());
        }
        catch (CardDataFormatException exception)
        {
            throw new SecureChannelException("The SCP11b answer is malformed BER-TLV.", exception);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            throw new SecureChannelException("The card's ephemeral key is not a point on P-256.", exception);
        }
    }

    private static void Agree(AsymmetricKeyParameter privateKey, ECPublicKeyParameters publicKey, Span<byte> output)
    {
        var agreement = new ECDHBasicAgreement();
        agreement.Init(privateKey);
        BigInteger secret = agreement.CalculateAgreement(publicKey);
        var bytes = BigIntegers.AsUnsignedByteArray(output.Length, secret);
        bytes.CopyTo(output);
        CryptographicOperations.ZeroMemory(bytes);
    }
}
