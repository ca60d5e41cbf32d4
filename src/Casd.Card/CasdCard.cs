using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
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
/// <remarks>
/// <para>Exclusive use: every operation runs inside a transaction on the connection (PC/SC
/// SCardBeginTransaction), so no other application's command lands between its APDUs. A sequence
/// of operations that must not be interleaved (open the channel, VERIFY, sign) holds one
/// <see cref="BeginTransactionAsync"/> around all of them, as <c>RemoteAccessClient</c> and
/// <c>EnrolmentDesk</c> do. When another application reset the card in between, the application is
/// selected again at the start of the next transaction and any channel is gone.</para>
/// <para>Secure by default: a probe, a template or a personalisation command is sent only over a
/// channel with the protection it needs (<see cref="CardChannelProtection"/>); otherwise
/// <see cref="CardChannelSecurityException"/> and nothing is sent. Disposing resets the card when a
/// channel was opened on it, so no security state outlives this object.</para>
/// <para>Not thread-safe: one caller at a time.</para>
/// </remarks>
public sealed class CasdCard : IAsyncDisposable
{
    /// <summary>What a probe or a reference template needs: a genuine card, and commands nobody can read or change on the way.</summary>
    internal const CardChannelProtection BiometricProtection =
        CardChannelProtection.CardAuthenticated | CardChannelProtection.CommandIntegrity | CardChannelProtection.CommandConfidentiality;

    /// <summary>What personalisation needs: the biometric protection, and answers nobody can forge (the desk certifies the key the card returns).</summary>
    internal const CardChannelProtection PersonalisationProtection = BiometricProtection | CardChannelProtection.ResponseIntegrity;

    /// <summary>What a signature request needs: a genuine card, and a challenge and signature nobody can change on the way.</summary>
    internal const CardChannelProtection SignatureProtection =
        CardChannelProtection.CardAuthenticated | CardChannelProtection.CommandIntegrity | CardChannelProtection.ResponseIntegrity;

    private readonly ICardConnection _connection;
    private readonly bool _leaveOpen;
    private readonly ApduPipeline _pipeline;
    private readonly CasdCardOptions _options;
    private readonly ILogger _logger;
    private ICardChannel? _channel;
    private ICardTransaction? _transaction;
    private bool _needsSelect = true;
    private bool _freshlySelected;
    private bool _securityStateOnCard;
    private bool _disposed;

    private CasdCard(ICardConnection connection, bool leaveOpen, CasdCardOptions options)
    {
        _connection = connection;
        _leaveOpen = leaveOpen;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _pipeline = new ApduPipeline(connection, options.Capabilities ?? CardCapabilities.FromAtr(connection.Atr.Span), options.Logger);
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

    /// <summary>Gets the purpose of the open channel, or <see langword="null"/> when commands go in the clear.</summary>
    public CardChannelPurpose? ChannelPurpose { get; private set; }

    /// <summary>Gets what the open channel protects; <see cref="CardChannelProtection.None"/> when no channel is open.</summary>
    public CardChannelProtection ChannelProtection => _channel?.Protection ?? CardChannelProtection.None;

    /// <summary>Gets the name of the reader the card is in.</summary>
    public string ReaderName => _connection.ReaderName;

    /// <summary>Selects the CASD application on a connected card.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="leaveOpen">
    /// <see langword="true"/> to keep the connection open when the card is disposed (the caller
    /// disposes it); <see langword="false"/> to hand it over: disposing the card disposes it.
    /// </param>
    /// <param name="options">Channel factory, logger, capabilities; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The card.</returns>
    /// <exception cref="StatusWordException">The card has no CASD application.</exception>
    /// <exception cref="CardDataFormatException">The card's FCI or serial is malformed.</exception>
    /// <exception cref="CardRemovedException">The card was removed.</exception>
    public static Task<CasdCard> OpenAsync(ICardConnection connection, bool leaveOpen, CasdCardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return OpenCoreAsync(connection, leaveOpen, options, cancellationToken);
    }

    /// <summary>Connects to the card in a reader (exclusive: no other application may use it meanwhile) and selects the CASD application.</summary>
    /// <param name="provider">The reader provider (PC/SC or a simulator).</param>
    /// <param name="readerName">The reader.</param>
    /// <param name="options">Channel factory, logger, capabilities; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the connection and the exchange.</param>
    /// <returns>The card; it owns the connection, and disposing it disconnects.</returns>
    public static async Task<CasdCard> OpenAsync(ICardReaderProvider provider, string readerName, CasdCardOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(readerName);
        var connection = await provider.ConnectAsync(readerName, CardShareMode.Exclusive, cancellationToken).ConfigureAwait(false);
        return await OpenCoreAsync(connection, leaveOpen: false, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Begins exclusive use of the card for a sequence of operations: no other application's
    /// command lands in between until the transaction is disposed. Operations called inside it join
    /// it; a nested call returns a transaction that joins the outer one.
    /// </summary>
    /// <param name="end">
    /// What to do with the card at the end: <see cref="TransactionEnd.ResetCard"/> ends every session
    /// and security state on the card, as a login must; <see cref="TransactionEnd.LeaveCard"/> keeps them.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the card.</param>
    /// <returns>The transaction; dispose it to end it.</returns>
    /// <exception cref="CardRemovedException">The card was removed.</exception>
    public async Task<CasdCardTransaction> BeginTransactionAsync(TransactionEnd end = TransactionEnd.LeaveCard, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var nested = _transaction is not null;
        if (!nested)
        {
            _transaction = await BeginConnectionTransactionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (_needsSelect)
            {
                await SelectCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await EndTransactionAsync(nested, TransactionEnd.LeaveCard).ConfigureAwait(false);
            throw;
        }

        return new CasdCardTransaction(this, end, nested);
    }

    /// <summary>Selects the application again: closes any secure channel and clears the card's security status.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    public Task SelectAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ct => _freshlySelected ? Task.CompletedTask : SelectCoreAsync(ct), cancellationToken);

    /// <summary>Selects the application again and opens a channel through the configured <see cref="ICardChannelFactory"/>.</summary>
    /// <param name="purpose">Personalisation (SCP03) or verification (SCP11b).</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">No channel factory is configured (<see cref="CasdCardOptions.ChannelFactory"/>).</exception>
    public Task OpenChannelAsync(CardChannelPurpose purpose, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ct => OpenChannelCoreAsync(purpose, ct), cancellationToken);

    /// <summary>Reads every public object.</summary>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>The card's public objects.</returns>
    public Task<CasdCardInfo> ReadInfoAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(async ct =>
        {
            var lifecycle = CasdResponses.ParseLifecycle((await GetDataCoreAsync(CasdTags.Lifecycle, 256, ct).ConfigureAwait(false))!.Value.Span);
            var holder = await GetDataCoreAsync(CasdTags.Holder, 256, ct).ConfigureAwait(false);
            var project = await GetDataCoreAsync(CasdTags.Project, 256, ct).ConfigureAwait(false);
            var enrolment = await GetDataCoreAsync(CasdTags.EnrolmentRecord, 256, ct).ConfigureAwait(false);
            var publicKey = await GetDataCoreAsync(CasdTags.PublicKey, 256, ct).ConfigureAwait(false);
            var certificate = await ReadCertificateCoreAsync(ct).ConfigureAwait(false);
            var biometrics = await GetBiometricStatusCoreAsync(ct).ConfigureAwait(false);
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
        }, cancellationToken);

    /// <summary>Reads the biometric status: enrolled fingers, retries, blocking.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The status.</returns>
    public Task<BiometricStatus> GetBiometricStatusAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(GetBiometricStatusCoreAsync, cancellationToken);

    /// <summary>Reads the card certificate.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The DER certificate, or <see langword="null"/> when none is installed.</returns>
    public Task<ReadOnlyMemory<byte>?> ReadCertificateAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ReadCertificateCoreAsync, cancellationToken);

    /// <summary>Reads the card's public key.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The uncompressed P-256 point, or <see langword="null"/> when no key pair exists.</returns>
    public Task<ReadOnlyMemory<byte>?> ReadPublicKeyAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(async ct =>
        {
            var encoded = await GetDataCoreAsync(CasdTags.PublicKey, 256, ct).ConfigureAwait(false);
            return encoded is { } k ? CasdResponses.ParsePublicKey(k.Span) : (ReadOnlyMemory<byte>?)null;
        }, cancellationToken);

    /// <summary>
    /// Match-on-card: compares a capture with finger 1 and, when it does not match and the caller
    /// allows it, with finger 2. A capture outside the card's minutiae range is rejected before a
    /// try is spent.
    /// </summary>
    /// <param name="capture">The live capture, converted for the card; the caller disposes it.</param>
    /// <param name="allowSecondFinger">Whether finger 2 may be tried after finger 1 fails.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel does not authenticate the card and encrypt commands; nothing was sent.</exception>
    public Task<VerificationResult> VerifyAsync(CompactCardTemplate capture, bool allowSecondFinger, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ct => VerifyFingersCoreAsync(_ => capture, ownsCaptures: false, allowSecondFinger, knownStatus: null, ct), cancellationToken);

    /// <summary>
    /// Match-on-card with a capture record (ISO/IEC 19794-2 or ANSI INCITS 378): the capture is
    /// converted for each finger with that finger's parameters from the card's BIT, and compared with
    /// finger 1 and, when it does not match and the caller allows it, with finger 2.
    /// </summary>
    /// <param name="captureRecord">The live capture's finger minutiae record.</param>
    /// <param name="allowSecondFinger">Whether finger 2 may be tried after finger 1 fails.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    /// <exception cref="BiometricDataFormatException">The record is malformed; nothing was sent.</exception>
    /// <exception cref="CardChannelSecurityException">The open channel does not authenticate the card and encrypt commands; nothing was sent.</exception>
    public Task<VerificationResult> VerifyCaptureAsync(ReadOnlyMemory<byte> captureRecord, bool allowSecondFinger, CancellationToken cancellationToken = default) =>
        VerifyCaptureAsync(captureRecord, allowSecondFinger, knownStatus: null, cancellationToken);

    /// <summary>Converts a capture record for one finger, with that finger's parameters from the card's BIT (the defaults when it announces none).</summary>
    /// <param name="reference">The finger the capture is for.</param>
    /// <param name="captureRecord">The finger minutiae record (ISO/IEC 19794-2 or ANSI INCITS 378); its first view is converted.</param>
    /// <returns>The compact template; the caller disposes it.</returns>
    /// <exception cref="BiometricDataFormatException">The record is malformed or has no view.</exception>
    public CompactCardTemplate ConvertCapture(FingerReference reference, ReadOnlySpan<byte> captureRecord) =>
        CompactCardTemplate.FromRecord(captureRecord, BiometricTemplates.ParametersFor((byte)reference));

    /// <summary><see cref="VerifyCaptureAsync(ReadOnlyMemory{byte}, bool, CancellationToken)"/> for a caller that already read the biometric status (a login reads it with the login information).</summary>
    internal Task<VerificationResult> VerifyCaptureAsync(ReadOnlyMemory<byte> captureRecord, bool allowSecondFinger, BiometricStatus? knownStatus, CancellationToken cancellationToken) =>
        ExclusiveAsync(ct => VerifyFingersCoreAsync(reference => ConvertCapture(reference, captureRecord.Span), ownsCaptures: true, allowSecondFinger, knownStatus, ct), cancellationToken);

    /// <summary>
    /// Match-on-card against one finger reference. When no channel is open yet, the verification
    /// channel (SCP11b with the secure factory) is opened first, so the probe never crosses in clear.
    /// </summary>
    /// <param name="reference">The finger.</param>
    /// <param name="capture">The live capture, converted for the card; the caller disposes it.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel does not authenticate the card and encrypt commands; nothing was sent.</exception>
    /// <exception cref="StatusWordException">The finger is not enrolled or the card refused the command for another reason.</exception>
    public Task<VerificationResult> VerifyAsync(FingerReference reference, CompactCardTemplate capture, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ct => VerifyCoreAsync(reference, capture, ct), cancellationToken);

    /// <summary>
    /// Match-on-card of a capture record against one finger reference, converted with that finger's
    /// parameters; the verification channel is opened first when none is.
    /// </summary>
    /// <param name="reference">The finger.</param>
    /// <param name="captureRecord">The live capture's finger minutiae record.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Match, no match with the tries left, blocked, or template rejected.</returns>
    /// <exception cref="BiometricDataFormatException">The record is malformed; nothing was sent.</exception>
    /// <exception cref="CardChannelSecurityException">The open channel does not authenticate the card and encrypt commands; nothing was sent.</exception>
    /// <exception cref="StatusWordException">The finger is not enrolled or the card refused the command for another reason.</exception>
    public Task<VerificationResult> VerifyCaptureAsync(FingerReference reference, ReadOnlyMemory<byte> captureRecord, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(async ct =>
        {
            using var capture = ConvertCapture(reference, captureRecord.Span);
            return await VerifyCoreAsync(reference, capture, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Has the card sign a login statement (GENERAL AUTHENTICATE): the card builds the statement from
    /// its own records (serial, project, enrolment kind and date, the finger that matched, its
    /// signature counter) around the audience hash and the challenge. The card signs only when
    /// issued, inside the secure session of a successful VERIFY, once per VERIFY.
    /// </summary>
    /// <param name="audienceHash">SHA-256 of the server's audience (<see cref="LoginStatement.HashAudience"/>).</param>
    /// <param name="challenge">16 to 64 bytes from the server.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The statement as signed, parsed, and the signature.</returns>
    /// <exception cref="CardChannelSecurityException">No channel that authenticates the card and both directions is open; nothing was sent.</exception>
    /// <exception cref="StatusWordException">No verification preceded in this session, or the card refused.</exception>
    /// <exception cref="CardDataFormatException">The card answered a malformed statement, or one for another audience, challenge or card.</exception>
    public Task<LoginSignature> SignLoginAsync(ReadOnlyMemory<byte> audienceHash, ReadOnlyMemory<byte> challenge, CancellationToken cancellationToken = default)
    {
        if (audienceHash.Length != LoginStatement.AudienceHashLength)
        {
            throw new ArgumentException("The audience hash is SHA-256: 32 bytes.", nameof(audienceHash));
        }

        if (challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The challenge must be {0} to {1} bytes.", CasdCardInterface.MinChallengeLength, CasdCardInterface.MaxChallengeLength), nameof(challenge));
        }

        return ExclusiveAsync(async ct =>
        {
            RequireProtection(SignatureProtection, "a signature request");
            var command = CasdCommands.GeneralAuthenticate(audienceHash.Span, challenge.Span);
            var response = await TransmitAsync(command, ct).ConfigureAwait(false);
            var (encoded, signature) = CasdResponses.ParseGeneralAuthenticate(response.EnsureSuccess(command).Data.Span);
            var statement = LoginStatement.Parse(encoded);
            if (!statement.AudienceHash.Span.SequenceEqual(audienceHash.Span) || !statement.Challenge.Span.SequenceEqual(challenge.Span)
                || !string.Equals(statement.CardSerial, Serial, StringComparison.OrdinalIgnoreCase))
            {
                throw new CardDataFormatException("The card signed a statement for another audience, challenge or card than asked; the signature is not used.");
            }

            return new LoginSignature(statement, encoded, signature);
        }, cancellationToken);
    }

    /// <summary>Reads what a login needs to know first, in one GET DATA ('BF25'): lifecycle, project, enrolment record, biometric status, certificate.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The information.</returns>
    /// <exception cref="CardDataFormatException">The card's answer is malformed.</exception>
    public Task<LoginInformation> ReadLoginInformationAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(async ct =>
        {
            var encoded = await GetDataCoreAsync(CasdTags.LoginInformation, 65_536, ct).ConfigureAwait(false)
                ?? throw new CardDataFormatException("The card has no login information (BF25); it implements an earlier card interface.");
            return LoginInformation.Parse(encoded.Span);
        }, cancellationToken);

    /// <summary>Personalisation: writes a data object (PUT DATA) such as <see cref="HolderIdentity.Encode"/>.</summary>
    /// <param name="encodedObject">The complete data object.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; nothing was sent.</exception>
    public Task PutDataAsync(ReadOnlyMemory<byte> encodedObject, CancellationToken cancellationToken = default) =>
        PersonaliseAsync(CasdCommands.PutData(encodedObject), "holder and project data", cancellationToken);

    /// <summary>Personalisation: generates the card key pair; a certificate installed before is erased with the old key.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The new public key as an uncompressed P-256 point.</returns>
    /// <exception cref="CardChannelSecurityException">
    /// The open channel does not authenticate the card and its answers: a key returned over it
    /// could come from a fake card or the link, and must not be certified. Nothing was sent.
    /// </exception>
    public Task<byte[]> GenerateKeyPairAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(async ct =>
        {
            RequireProtection(PersonalisationProtection, "a key pair to be certified");
            var command = CasdCommands.GenerateKeyPair();
            return CasdResponses.ParsePublicKey((await TransmitAsync(command, ct).ConfigureAwait(false)).EnsureSuccess(command).Data.Span);
        }, cancellationToken);

    /// <summary>Personalisation: installs the card certificate; the card checks it certifies its key.</summary>
    /// <param name="certificateDer">The DER certificate.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; nothing was sent.</exception>
    public Task InstallCertificateAsync(ReadOnlyMemory<byte> certificateDer, CancellationToken cancellationToken = default) =>
        PersonaliseAsync(CasdCommands.PutCertificate(certificateDer.Span), "the card certificate", cancellationToken);

    /// <summary>Personalisation: enrols a reference template (CHANGE REFERENCE DATA); the retries are reset.</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="finger">The converted finger; the caller disposes it.</param>
    /// <param name="level">The security level the card matches this finger at.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; the template was not sent.</exception>
    public Task EnrolFingerAsync(FingerReference reference, CompactCardTemplate finger, MatchSecurityLevel level, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finger);
        return ExclusiveAsync(async ct =>
        {
            RequireProtection(PersonalisationProtection, "a reference template");
            var template = CasdCommands.EncodeBiometricTemplate(finger.Minutiae.Span);
            var command = CasdCommands.ChangeReferenceData(reference, template, level);
            try
            {
                (await TransmitAsync(command, ct).ConfigureAwait(false)).EnsureSuccess(command);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(template);
                if (MemoryMarshal.TryGetArray(command.Data, out var segment) && segment.Array is { } array)
                {
                    CryptographicOperations.ZeroMemory(array);
                }
            }
        }, cancellationToken);
    }

    /// <summary>Desk: resets the retry counter of a finger reference.</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; nothing was sent.</exception>
    public Task ResetRetryCounterAsync(FingerReference reference, CancellationToken cancellationToken = default) =>
        PersonaliseAsync(CasdCommands.ResetRetryCounter(reference), "a retry counter reset", cancellationToken);

    /// <summary>Personalisation: erases everything personalisation wrote (a card interrupted mid-personalisation starts afresh).</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; nothing was sent.</exception>
    public Task ErasePersonalisationAsync(CancellationToken cancellationToken = default) =>
        PersonaliseAsync(CasdCommands.ErasePersonalisation(), "an erase", cancellationToken);

    /// <summary>Personalisation: moves the card to the issued state (the card checks it is complete).</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task.</returns>
    /// <exception cref="CardChannelSecurityException">The open channel is not a full personalisation channel; nothing was sent.</exception>
    public Task ActivateAsync(CancellationToken cancellationToken = default) =>
        PersonaliseAsync(CasdCommands.Activate(), "the activation", cancellationToken);

    /// <summary>Reads one data object.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="expectedLength">Ne.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The object, or <see langword="null"/> when the card has none ('6A88').</returns>
    public Task<ReadOnlyMemory<byte>?> GetDataAsync(uint tag, int expectedLength = 256, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(ct => GetDataCoreAsync(tag, expectedLength, ct), cancellationToken);

    /// <summary>
    /// Closes the channel, resets the card when a channel was opened on it (so no verification or
    /// authority outlives this object), and disposes the connection unless it was opened with
    /// <c>leaveOpen</c>.
    /// </summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_transaction is not null)
            {
                await EndTransactionAsync(nested: false, TransactionEnd.ResetCard).ConfigureAwait(false);
            }
            else if (_securityStateOnCard)
            {
                await ResetCardAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _disposed = true;
            CloseChannel();
            _pipeline.Dispose();
            if (!_leaveOpen)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends the transaction a <see cref="CasdCardTransaction"/> stands for.</summary>
    internal async ValueTask EndTransactionAsync(bool nested, TransactionEnd end)
    {
        var resets = end == TransactionEnd.ResetCard;
        if (nested)
        {
            if (resets && _securityStateOnCard)
            {
                // The outer transaction goes on, but what the nested one asked for must hold now.
                await ResetCardAsync().ConfigureAwait(false);
            }

            return;
        }

        var transaction = _transaction;
        _transaction = null;
        if (transaction is null)
        {
            return;
        }

        try
        {
            if (resets)
            {
                await ResetCardAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                await transaction.EndAsync(CardDisposition.Leave, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CardRemovedException)
            {
                // The card is gone, and with it the transaction.
            }
        }
    }

    private static async Task<CasdCard> OpenCoreAsync(ICardConnection connection, bool leaveOpen, CasdCardOptions? options, CancellationToken cancellationToken)
    {
        var card = new CasdCard(connection, leaveOpen, options ?? new CasdCardOptions());
        try
        {
            // A new card needs selecting, which the first transaction does.
            var transaction = await card.BeginTransactionAsync(TransactionEnd.LeaveCard, cancellationToken).ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
            return card;
        }
        catch
        {
            await card.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ICardTransaction> BeginConnectionTransactionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CardResetException)
        {
            // Another application reset the card since our last transaction: every session on it
            // is gone. The connection has acknowledged the reset; select again inside the new one.
            CasdCardLog.ResetByAnotherApplication(_logger, ReaderName);
            CardWasReset();
            return await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExclusiveAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var transaction = await BeginTransactionAsync(TransactionEnd.LeaveCard, cancellationToken).ConfigureAwait(false);
        try
        {
            await operation(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> ExclusiveAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var transaction = await BeginTransactionAsync(TransactionEnd.LeaveCard, cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SelectCoreAsync(CancellationToken cancellationToken)
    {
        CloseChannel();
        var response = await _pipeline.TransmitAsync(CasdCommands.Select(), cancellationToken).ConfigureAwait(false);
        Fci = CasdFci.Parse(response.EnsureSuccess().Data.Span);
        BiometricTemplates = BiometricInformationTemplateGroup.Parse(Fci.BitGroup.Span);
        _needsSelect = false;
        if (Fci.Serial is { } fromFci)
        {
            Serial = fromFci;
        }
        else if (Serial.Length == 0)
        {
            var serial = await _pipeline.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), cancellationToken).ConfigureAwait(false);
            Serial = CasdResponses.ParseCardSerial(serial.EnsureSuccess().Data.Span);
        }

        _freshlySelected = true;

        CasdCardLog.Selected(_logger, Serial, Fci.Lifecycle);
    }

    private async Task OpenChannelCoreAsync(CardChannelPurpose purpose, CancellationToken cancellationToken)
    {
        var factory = _options.ChannelFactory ?? throw new InvalidOperationException(
            "No channel factory is configured, so no secure channel can be opened: set CasdCardOptions.ChannelFactory to a SecureChannelFactory with the desk's SCP03 keys or the issuing CA.");

        // SELECT ends whatever session the card holds; skip it when nothing was sent since the last one.
        if (!_freshlySelected)
        {
            await SelectCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        // From the first handshake command on, the card may hold session state worth resetting.
        _securityStateOnCard = true;
        _freshlySelected = false;
        _channel = await factory.OpenAsync(_pipeline, new CardChannelRequest(purpose, Serial), cancellationToken).ConfigureAwait(false);
        ChannelPurpose = purpose;
        CasdCardLog.ChannelOpened(_logger, purpose, Serial, _channel.Description);
    }

    private async Task<VerificationResult> VerifyCoreAsync(FingerReference reference, CompactCardTemplate capture, CancellationToken cancellationToken)
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

        if (_channel is null)
        {
            // The probe must not cross the interface unprotected: open the verification channel first.
            await OpenChannelCoreAsync(CardChannelPurpose.Verification, cancellationToken).ConfigureAwait(false);
        }

        RequireProtection(BiometricProtection, "a fingerprint probe");
        var template = CasdCommands.EncodeBiometricTemplate(capture.Minutiae.Span);
        VerificationResult result;
        try
        {
            var command = CasdCommands.Verify(reference, template);
            var response = await TransmitAsync(command, cancellationToken).ConfigureAwait(false);
            result = VerificationResult.From(reference, new VerifyResponse(response)) ?? throw new StatusWordException(response.StatusWord, command);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(template);
        }

        CasdCardLog.Verified(_logger, (int)reference, result.Outcome);
        return result;
    }

    /// <summary>
    /// Finger 1, then finger 2 when allowed, enrolled and finger 1 did not match; the result of
    /// finger 1 stands when finger 2 is blocked. Each finger's capture comes from <paramref name="captureFor"/>.
    /// </summary>
    private async Task<VerificationResult> VerifyFingersCoreAsync(
        Func<FingerReference, CompactCardTemplate> captureFor, bool ownsCaptures, bool allowSecondFinger, BiometricStatus? knownStatus, CancellationToken cancellationToken)
    {
        var first = await VerifyWithAsync(FingerReference.Primary).ConfigureAwait(false);
        if (first.IsMatch || first.Outcome == VerificationOutcome.TemplateRejected || !allowSecondFinger)
        {
            return first;
        }

        var status = knownStatus ?? await GetBiometricStatusCoreAsync(cancellationToken).ConfigureAwait(false);
        if (!status.Fingers.Any(f => f.Reference == FingerReference.Secondary && f.IsEnrolled))
        {
            return first;
        }

        var second = await VerifyWithAsync(FingerReference.Secondary).ConfigureAwait(false);
        return second.Outcome == VerificationOutcome.Blocked && first.Outcome == VerificationOutcome.NoMatch ? first : second;

        async Task<VerificationResult> VerifyWithAsync(FingerReference reference)
        {
            var capture = captureFor(reference);
            try
            {
                return await VerifyCoreAsync(reference, capture, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (ownsCaptures)
                {
                    capture.Dispose();
                }
            }
        }
    }

    private Task PersonaliseAsync(CommandApdu command, string what, CancellationToken cancellationToken) =>
        ExclusiveAsync(async ct =>
        {
            RequireProtection(PersonalisationProtection, what);
            (await TransmitAsync(command, ct).ConfigureAwait(false)).EnsureSuccess(command);
        }, cancellationToken);

    private async Task<BiometricStatus> GetBiometricStatusCoreAsync(CancellationToken cancellationToken) =>
        BiometricStatus.Parse((await GetDataCoreAsync(CasdTags.BiometricStatus, 256, cancellationToken).ConfigureAwait(false)
            ?? throw new CardDataFormatException("The card did not return its biometric status (BF23).")).Span);

    private async Task<ReadOnlyMemory<byte>?> ReadCertificateCoreAsync(CancellationToken cancellationToken)
    {
        var encoded = await GetDataCoreAsync(CasdTags.Certificate, 65_536, cancellationToken).ConfigureAwait(false);
        return encoded is { } c ? CasdResponses.ParseCertificate(c.Span) : (ReadOnlyMemory<byte>?)null;
    }

    private async Task<ReadOnlyMemory<byte>?> GetDataCoreAsync(uint tag, int expectedLength, CancellationToken cancellationToken)
    {
        var command = CasdCommands.GetData(tag, expectedLength);
        var response = await TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (response.StatusWord == StatusWord.ReferencedDataNotFound)
        {
            return null;
        }

        return response.EnsureSuccess(command).Data;
    }

    private void RequireProtection(CardChannelProtection required, string what)
    {
        var actual = ChannelProtection;
        if ((actual & required) != required)
        {
            throw new CardChannelSecurityException(string.Format(
                CultureInfo.InvariantCulture,
                "Refused to send {0} to card {1}: it needs a channel that gives {2}, and {3}. Open the channel with SecureChannelFactory (SCP03 at the desk, SCP11b at the client).",
                what,
                Serial,
                required,
                _channel is null ? "no channel is open" : "the open channel (" + _channel.Description + ") gives " + actual))
            {
                Required = required,
                Actual = actual,
            };
        }
    }

    private ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _freshlySelected = false;
        return (_channel ?? (IApduTransmitter)_pipeline).TransmitAsync(command, cancellationToken);
    }

    private async Task ResetCardAsync()
    {
        // Cleanup must happen even when the caller's token is cancelled.
        try
        {
            await _connection.ResetAsync(CardResetKind.Warm, CancellationToken.None).ConfigureAwait(false);
        }
        catch (CardRemovedException)
        {
            // Power went with the card: no state survives.
        }

        CardWasReset();
    }

    private void CardWasReset()
    {
        CloseChannel();
        _needsSelect = true;
        _securityStateOnCard = false;
    }

    private void CloseChannel()
    {
        _channel?.Dispose();
        _channel = null;
        ChannelPurpose = null;
    }
}
