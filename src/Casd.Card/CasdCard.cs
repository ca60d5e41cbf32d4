using System.Globalization;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card;

/// <summary>
/// A CASD card with its application selected: typed access to its public objects, match-on-card,
/// signing, and the personalisation commands the enrolment desk uses. Commands go through the
/// secure channel once <see cref="OpenChannelAsync"/> opened one. A removed card surfaces as
/// <see cref="CardRemovedException"/> from the operation in progress, never as a hang.
/// </summary>
public sealed class CasdCard : IAsyncDisposable
{
    private readonly ICardConnection _connection;
    private readonly bool _ownsConnection;
    private readonly ApduPipeline _pipeline;
    private readonly CasdCardOptions _options;
    private readonly ILogger _logger;
    private IApduTransmitter _transmitter;
    private bool _disposed;

    private CasdCard(ICardConnection connection, bool ownsConnection, CasdCardOptions options)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _pipeline = new ApduPipeline(connection, options.Capabilities, options.Logger);
        _transmitter = _pipeline;
        Fci = null!;
        BiometricTemplates = null!;
        Serial = string.Empty;
    }

    /// <summary>Gets the card serial, hexadecimal.</summary>
    public string Serial { get; private set; }

    /// <summary>Gets the FCI of the last SELECT.</summary>
    public CasdFci Fci { get; private set; }

    /// <summary>Gets the BIT group of the last SELECT: the card's matching parameters per finger.</summary>
    public BiometricInformationTemplateGroup BiometricTemplates { get; private set; }

    /// <summary>Gets the purpose of the open secure channel, or <see langword="null"/> when commands go in the clear.</summary>
    public CardChannelPurpose? ChannelPurpose { get; private set; }

    /// <summary>Gets the name of the reader the card is in.</summary>
    public string ReaderName => _connection.ReaderName;

    /// <summary>Selects the CASD application on a connected card.</summary>
    /// <param name="connection">The connection; the caller keeps owning it.</param>
    /// <param name="options">Channel factory, logger, capabilities; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The card.</returns>
    /// <exception cref="StatusWordException">The card has no CASD application.</exception>
    /// <exception cref="CardDataFormatException">The card's FCI or serial is malformed.</exception>
    /// <exception cref="CardRemovedException">The card was removed.</exception>
    public static Task<CasdCard> OpenAsync(ICardConnection connection, CasdCardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return OpenCoreAsync(connection, ownsConnection: false, options, cancellationToken);
    }

    /// <summary>Connects to the card in a reader and selects the CASD application.</summary>
    /// <param name="provider">The reader provider (PC/SC or a simulator).</param>
    /// <param name="readerName">The reader.</param>
    /// <param name="options">Channel factory, logger, capabilities; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the connection and the exchange.</param>
    /// <returns>The card; disposing it disconnects.</returns>
    public static async Task<CasdCard> OpenAsync(ICardReaderProvider provider, string readerName, CasdCardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(readerName);
        var connection = await provider.ConnectAsync(readerName, CardShareMode.Exclusive, cancellationToken).ConfigureAwait(false);
        return await OpenCoreAsync(connection, ownsConnection: true, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Selects the application again: closes any secure channel and clears the card's security status.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task SelectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CloseChannel();
        var response = await _pipeline.TransmitAsync(CasdCommands.Select(), cancellationToken).ConfigureAwait(false);
        Fci = CasdFci.Parse(response.EnsureSuccess().Data.Span);
        BiometricTemplates = BiometricInformationTemplateGroup.Parse(Fci.BitGroup.Span);
        if (Serial.Length == 0)
        {
            var serial = await _pipeline.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), cancellationToken).ConfigureAwait(false);
            Serial = CasdResponses.ParseCardSerial(serial.EnsureSuccess().Data.Span);
        }

        CasdCardLog.Selected(_logger, Serial, Fci.Lifecycle);
    }

    /// <summary>Selects the application again and opens a secure channel through the configured <see cref="ICardChannelFactory"/>.</summary>
    /// <param name="purpose">Personalisation (SCP03) or verification (SCP11b).</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>A task.</returns>
    public async Task OpenChannelAsync(CardChannelPurpose purpose, CancellationToken cancellationToken = default)
    {
        await SelectAsync(cancellationToken).ConfigureAwait(false);
        _transmitter = await _options.ChannelFactory.OpenAsync(_pipeline, new CardChannelRequest(purpose, Serial), cancellationToken).ConfigureAwait(false);
        ChannelPurpose = purpose;
        CasdCardLog.ChannelOpened(_logger, purpose, Serial);
    }

    /// <summary>Reads every public object.</summary>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>The card's public objects.</returns>
    public async Task<CasdCardInfo> ReadInfoAsync(CancellationToken cancellationToken = default)
    {
        var lifecycle = CasdResponses.ParseLifecycle((await GetDataAsync(CasdTags.Lifecycle, cancellationToken: cancellationToken).ConfigureAwait(false))!.Value.Span);
        var holder = await GetDataAsync(CasdTags.Holder, cancellationToken: cancellationToken).ConfigureAwait(false);
        var project = await GetDataAsync(CasdTags.Project, cancellationToken: cancellationToken).ConfigureAwait(false);
        var enrolment = await GetDataAsync(CasdTags.EnrolmentRecord, cancellationToken: cancellationToken).ConfigureAwait(false);
        var publicKey = await GetDataAsync(CasdTags.PublicKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        var certificate = await ReadCertificateAsync(cancellationToken).ConfigureAwait(false);
        var biometrics = await GetBiometricStatusAsync(cancellationToken).ConfigureAwait(false);
        return new CasdCardInfo(
            Serial,
            lifecycle,
            Fci.InterfaceVersion,
            holder is { } h ? HolderIdentity.Parse(h.Span) : null,
            project is { } p ? ProjectInfo.Parse(p.Span) : null,
            enrolment is { } e ? EnrolmentRecord.Parse(e.Span) : null,
            biometrics,
            BiometricTemplates,
            publicKey is not null,
            certificate);
    }

    /// <summary>Reads the biometric status: enrolled fingers, retries, blocking.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The status.</returns>
    public async Task<BiometricStatus> GetBiometricStatusAsync(CancellationToken cancellationToken = default) =>
        BiometricStatus.Parse((await GetDataAsync(CasdTags.BiometricStatus, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new CardDataFormatException("The card did not return its biometric status (BF23).")).Span);

    /// <summary>Reads the card certificate.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The DER certificate, or <see langword="null"/> when none is installed.</returns>
    public async Task<ReadOnlyMemory<byte>?> ReadCertificateAsync(CancellationToken cancellationToken = default)
    {
        var encoded = await GetDataAsync(CasdTags.Certificate, 65_536, cancellationToken).ConfigureAwait(false);
        return encoded is { } c ? CasdResponses.ParseCertificate(c.Span) : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>Reads the card's public key.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The uncompressed P-256 point, or <see langword="null"/> when no key pair exists.</returns>
    public async Task<ReadOnlyMemory<byte>?> ReadPublicKeyAsync(CancellationToken cancellationToken = default)
    {
        var encoded = await GetDataAsync(CasdTags.PublicKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return encoded is { } k ? CasdResponses.ParsePublicKey(k.Span) : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>
    /// Match-on-card: compares a capture with finger 1 and, when it does not match and the caller
    /// allows it, with finger 2. A capture outside the card's minutiae range is rejected before a
    /// try is spent.
    /// </summary>
    /// <param name="capture">The live capture, converted for the card; the caller disposes it.</param>
    /// <param name="allowSecondFinger">Whether finger 2 may be tried after finger 1 fails.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    public async Task<VerificationResult> VerifyAsync(BiometricVerificationData capture, bool allowSecondFinger, CancellationToken cancellationToken = default)
    {
        var first = await VerifyAsync(FingerReference.Primary, capture, cancellationToken).ConfigureAwait(false);
        if (first.IsMatch || first.Outcome == VerificationOutcome.TemplateRejected || !allowSecondFinger)
        {
            return first;
        }

        var status = await GetBiometricStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!status.Fingers.Any(f => f.Reference == FingerReference.Secondary && f.IsEnrolled))
        {
            return first;
        }

        var second = await VerifyAsync(FingerReference.Secondary, capture, cancellationToken).ConfigureAwait(false);
        return second.Outcome == VerificationOutcome.Blocked && first.Outcome == VerificationOutcome.NoMatch ? first : second;
    }

    /// <summary>
    /// Match-on-card against one finger reference. When no channel is open yet, the verification
    /// channel (SCP11b with the secure factory) is opened first, so the probe never crosses in clear.
    /// </summary>
    /// <param name="reference">The finger.</param>
    /// <param name="capture">The live capture, converted for the card; the caller disposes it.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    /// <exception cref="StatusWordException">The finger is not enrolled or the card refused the command for another reason.</exception>
    public async Task<VerificationResult> VerifyAsync(FingerReference reference, BiometricVerificationData capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var parameters = BiometricTemplates.Find((byte)reference)?.Parameters ?? BiometricMatchingParameters.Default;
        if (capture.MinutiaCount < parameters.MinimumMinutiae || capture.MinutiaCount > parameters.MaximumMinutiae)
        {
            return VerificationResult.TemplateRejected(reference, string.Format(
                CultureInfo.InvariantCulture,
                "the capture has {0} usable minutiae, the card takes {1} to {2}; capture the finger again",
                capture.MinutiaCount,
                parameters.MinimumMinutiae,
                parameters.MaximumMinutiae));
        }

        if (ChannelPurpose is null)
        {
            // A card enforcing the access rules refuses a probe in clear (6982); the probe must not
            // cross the interface unencrypted anyway, so open the verification channel first.
            await OpenChannelAsync(CardChannelPurpose.Verification, cancellationToken).ConfigureAwait(false);
        }

        var template = CasdCommands.EncodeBiometricTemplate(capture.Minutiae.Span);
        VerificationResult result;
        try
        {
            var command = CasdCommands.Verify(reference, template);
            var response = await TransmitAsync(command, cancellationToken).ConfigureAwait(false);
            var sw = response.StatusWord;
            result = sw.IsSuccess ? VerificationResult.Match(reference)
                : sw.RetriesLeft is { } left ? (left == 0 ? VerificationResult.Blocked(reference) : VerificationResult.NoMatch(reference, left))
                : sw == StatusWord.AuthenticationMethodBlocked ? VerificationResult.Blocked(reference)
                : sw == StatusWord.IncorrectData ? VerificationResult.TemplateRejected(reference, "the card refused the capture's format")
                : throw new StatusWordException(sw, command);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(template);
        }

        CasdCardLog.Verified(_logger, (int)reference, result.Outcome);
        return result;
    }

    /// <summary>Has the card sign a challenge (GENERAL AUTHENTICATE); needs a match in this session, which one signature consumes.</summary>
    /// <param name="challenge">16 to 128 bytes from the server.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The DER ECDSA P-256 signature over SHA-256 of the challenge.</returns>
    /// <exception cref="StatusWordException">No verification preceded, or the card refused.</exception>
    public async Task<byte[]> SignChallengeAsync(ReadOnlyMemory<byte> challenge, CancellationToken cancellationToken = default)
    {
        if (challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The challenge must be {0} to {1} bytes.", CasdCardInterface.MinChallengeLength, CasdCardInterface.MaxChallengeLength), nameof(challenge));
        }

        var command = CasdCommands.GeneralAuthenticate(challenge.Span);
        var response = await TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        return CasdResponses.ParseGeneralAuthenticate(response.EnsureSuccess(command).Data.Span);
    }

    /// <summary>Personalisation: writes a data object (PUT DATA) such as <see cref="HolderIdentity.Encode"/>.</summary>
    /// <param name="encodedObject">The complete data object.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task PutDataAsync(ReadOnlyMemory<byte> encodedObject, CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.PutData(encodedObject);
        (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
    }

    /// <summary>Personalisation: generates the card key pair; a certificate installed before is erased with the old key.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The new public key as an uncompressed P-256 point.</returns>
    public async Task<byte[]> GenerateKeyPairAsync(CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.GenerateKeyPair();
        return CasdResponses.ParsePublicKey((await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command).Data.Span);
    }

    /// <summary>Personalisation: installs the card certificate; the card checks it certifies its key.</summary>
    /// <param name="certificateDer">The DER certificate.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task InstallCertificateAsync(ReadOnlyMemory<byte> certificateDer, CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.PutCertificate(certificateDer.Span);
        (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
    }

    /// <summary>Personalisation: enrols a reference template (CHANGE REFERENCE DATA); the retries are reset.</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="finger">The converted finger; the caller disposes it.</param>
    /// <param name="level">The security level the card matches this finger at.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task EnrolFingerAsync(FingerReference reference, BiometricVerificationData finger, MatchSecurityLevel level, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finger);
        var template = CasdCommands.EncodeBiometricTemplate(finger.Minutiae.Span);
        try
        {
            var command = CasdCommands.ChangeReferenceData(reference, template, level);
            try
            {
                (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
            }
            finally
            {
                if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(command.Data, out var segment) && segment.Array is { } array)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(array);
                }
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(template);
        }
    }

    /// <summary>Desk: resets the retry counter of a finger reference.</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task ResetRetryCounterAsync(FingerReference reference, CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.ResetRetryCounter(reference);
        (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
    }

    /// <summary>Personalisation: erases everything personalisation wrote (a card interrupted mid-personalisation starts afresh).</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task ErasePersonalisationAsync(CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.ErasePersonalisation();
        (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
    }

    /// <summary>Personalisation: moves the card to the issued state (the card checks it is complete).</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public async Task ActivateAsync(CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.Activate();
        (await TransmitAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess(command);
    }

    /// <summary>Reads one data object.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="expectedLength">Ne.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The object, or <see langword="null"/> when the card has none ('6A88').</returns>
    public async Task<ReadOnlyMemory<byte>?> GetDataAsync(uint tag, int expectedLength = 256, CancellationToken cancellationToken = default)
    {
        var command = CasdCommands.GetData(tag, expectedLength);
        var response = await TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (response.StatusWord == StatusWord.ReferencedDataNotFound)
        {
            return null;
        }

        return response.EnsureSuccess(command).Data;
    }

    /// <summary>Closes the channel and, when the card owns it, the connection.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseChannel();
        _pipeline.Dispose();
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<CasdCard> OpenCoreAsync(ICardConnection connection, bool ownsConnection, CasdCardOptions? options, CancellationToken cancellationToken)
    {
        var card = new CasdCard(connection, ownsConnection, options ?? new CasdCardOptions());
        try
        {
            await card.SelectAsync(cancellationToken).ConfigureAwait(false);
            return card;
        }
        catch
        {
            await card.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _transmitter.TransmitAsync(command, cancellationToken);
    }

    private void CloseChannel()
    {
        if (!ReferenceEquals(_transmitter, _pipeline) && _transmitter is IDisposable disposable)
        {
            disposable.Dispose();
        }

        _transmitter = _pipeline;
        ChannelPurpose = null;
    }
}
