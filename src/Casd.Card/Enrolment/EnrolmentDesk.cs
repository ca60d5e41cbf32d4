using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.Enrolment;

/// <summary>
/// The enrolment desk's personalisation of a card in seven steps (<see cref="EnrolmentStep"/>),
/// each reported through <see cref="IProgress{T}"/>. A run is resumable: data already on the card
/// and equal to the request is kept, a key pair without a matching certificate gets one, fingers
/// are enrolled again (the host cannot read them back), and <see cref="InspectAsync"/> tells what
/// an interrupted card holds; <see cref="ResetAsync"/> erases an interrupted personalisation.
/// </summary>
public sealed class EnrolmentDesk
{
    /// <summary>The audience the desk's own logins are signed for (connection test, express basis): no remote-access server accepts them.</summary>
    public const string DeskAudience = "casd:enrolment-desk";

    private readonly ICardCertificateIssuer _issuer;
    private readonly EnrolmentPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes the desk.</summary>
    /// <param name="issuer">The desk's certificate authority.</param>
    /// <param name="policy">The enrolment rules.</param>
    /// <param name="timeProvider">The clock for certificate validity; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Steps and outcomes; never biometric data.</param>
    public EnrolmentDesk(ICardCertificateIssuer issuer, EnrolmentPolicy policy, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(policy);
        _issuer = issuer;
        _policy = policy;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Reads what personalisation the card holds.</summary>
    /// <param name="card">The card.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>The inspection.</returns>
    public async Task<EnrolmentInspection> InspectAsync(CasdCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);

        // Three reads: the login information bundle, the holder and the public key.
        var info = await card.ReadLoginInformationAsync(cancellationToken).ConfigureAwait(false);
        var holderObject = await card.GetDataAsync(CasdTags.Holder, cancellationToken: cancellationToken).ConfigureAwait(false);
        var holder = holderObject is { } h ? HolderIdentity.Parse(h.Span) : null;
        var publicKey = await card.ReadPublicKeyAsync(cancellationToken).ConfigureAwait(false);
        var steps = new Dictionary<EnrolmentStep, EnrolmentStepStatus>();
        var written = (holder is null ? 0 : 1) + (info.Project is null ? 0 : 1) + (info.Enrolment is null ? 0 : 1);
        steps[EnrolmentStep.WriteHolderData] = written switch { 0 => EnrolmentStepStatus.NotDone, 3 => EnrolmentStepStatus.Done, _ => EnrolmentStepStatus.Partial };
        steps[EnrolmentStep.InstallCertificate] = publicKey is null ? EnrolmentStepStatus.NotDone
            : info.Certificate is { } c && CertifiesKey(c.Span, publicKey.Value.Span) ? EnrolmentStepStatus.Done
            : EnrolmentStepStatus.Partial;
        var enrolled = info.Biometrics.Fingers.Where(f => f.IsEnrolled).Select(f => f.Reference).ToArray();
        steps[EnrolmentStep.EnrolFingers] = enrolled.Length == 0 ? EnrolmentStepStatus.NotDone
            : enrolled.Contains(FingerReference.Primary) ? EnrolmentStepStatus.Done : EnrolmentStepStatus.Partial;
        steps[EnrolmentStep.Issue] = info.Lifecycle == CardLifecycleState.Personalisation ? EnrolmentStepStatus.NotDone : EnrolmentStepStatus.Done;
        var inspection = new EnrolmentInspection(card.Serial, info.Lifecycle, steps, holder, info.Project, info.Enrolment, enrolled);
        EnrolmentLog.Inspected(_logger, card.Serial, info.Lifecycle, inspection.IsInterrupted);
        return inspection;
    }

    /// <summary>Erases an unfinished personalisation so the card is blank again; an issued card is refused by the card.</summary>
    /// <param name="card">The card.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>A task.</returns>
    public async Task ResetAsync(CasdCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var transaction = await card.BeginTransactionAsync(TransactionEnd.ResetCard, cancellationToken).ConfigureAwait(false);
        try
        {
            await card.OpenChannelAsync(CardChannelPurpose.Personalisation, cancellationToken).ConfigureAwait(false);
            await card.ErasePersonalisationAsync(cancellationToken).ConfigureAwait(false);
            EnrolmentLog.Erased(_logger, card.Serial);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Personalises (or finishes personalising) a card, issues it and ends with the connection test: a real login.</summary>
    /// <param name="card">The card, opened with the desk's channel factory (SCP03 keys and the SCP11b trust anchors).</param>
    /// <param name="request">Holder, project, kind, records.</param>
    /// <param name="progress">Receives one report per step state; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; the card can be inspected and the run repeated.</param>
    /// <returns>Issued, or why not.</returns>
    /// <exception cref="BiometricDataFormatException">A finger record is malformed.</exception>
    /// <exception cref="Transport.CardRemovedException">The card was removed; inspect it and rerun.</exception>
    /// <exception cref="CardChannelSecurityException">The card's channel factory gives no full personalisation channel; nothing was written.</exception>
    public async Task<EnrolmentResult> EnrolAsync(CasdCard card, EnrolmentRequest request, IProgress<EnrolmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(request);
        if (request.FingerRecords.Count is < 1 or > 2)
        {
            throw new ArgumentException("Enrol one or two fingers.", nameof(request));
        }

        var run = new Run(this, card, progress);
        var decision = Decide(request, run);
        if (request.FingerRecords.Any(f => f.Span.SequenceEqual(request.ConnectionTestRecord.Span)))
        {
            // Comparing an enrolled record with itself tests nothing: the test needs a new capture.
            run.Report(EnrolmentStep.ConnectionTest, EnrolmentStepState.Failed, "the connection-test record is an enrolled record, not a fresh capture");
            return new EnrolmentResult(EnrolmentOutcome.ConnectionTestNotFresh, card.Serial, decision, "The connection-test capture is not a fresh capture: it is byte-identical to an enrolled record, so it would test nothing; capture finger 1 again for the test.");
        }

        // The whole session in one transaction: no other application's command lands between the
        // desk's, and the card is reset at the end so the desk's session dies with the run.
        var transaction = await card.BeginTransactionAsync(TransactionEnd.ResetCard, cancellationToken).ConfigureAwait(false);
        var fingers = new List<CompactCardTemplate>(2);
        try
        {
            if (await OpenChannelAsync(card, decision, run, cancellationToken).ConfigureAwait(false) is { } notBlank)
            {
                return notBlank;
            }

            if (PrepareFingers(card, request, decision, fingers, run) is { } rejected)
            {
                return rejected;
            }

            var inspection = await WriteHolderDataAsync(card, request, decision, run, cancellationToken).ConfigureAwait(false);
            var chain = await InstallCertificateAsync(card, request, decision, inspection, run, cancellationToken).ConfigureAwait(false);
            await EnrolFingersAsync(card, request, fingers, run, cancellationToken).ConfigureAwait(false);
            var issueFailure = await IssueAsync(card, request, decision, fingers.Count, run, cancellationToken).ConfigureAwait(false);
            if (issueFailure is not null)
            {
                return issueFailure with { CertificateChain = chain };
            }

            var test = await TestConnectionAsync(card, request.Project.ProjectCode, request.ConnectionTestRecord, run, cancellationToken).ConfigureAwait(false);
            if (!test.Passed)
            {
                return new EnrolmentResult(EnrolmentOutcome.ConnectionTestFailed, card.Serial, decision, "The card is issued but its connection test failed (" + test.Message + "); run the test again with a new capture (EnrolmentDesk.TestConnectionAsync), or terminate the card.")
                {
                    ConnectionTest = test.Login.Verification,
                    ConnectionTestVerdict = test.Verdict,
                    CertificateChain = chain,
                };
            }

            return new EnrolmentResult(EnrolmentOutcome.Issued, card.Serial, decision, string.Format(
                CultureInfo.InvariantCulture, "Card {0} issued for project {1}, valid until {2:yyyy-MM-dd}; the connection test logged in.", card.Serial, request.Project.ProjectCode, decision.ValidUntil))
            {
                ConnectionTest = test.Login.Verification,
                ConnectionTestVerdict = test.Verdict,
                CertificateChain = chain,
            };
        }
        finally
        {
            foreach (var f in fingers)
            {
                f.Dispose();
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The connection test on its own, for an issued card whose test failed with a poor capture: a
    /// real login with a fresh capture (SCP11b, match on the card, the card's signed statement checked
    /// against the issuing CA and its CRL, as a remote-access server checks it).
    /// </summary>
    /// <param name="card">The issued card, opened with a channel factory that has the SCP11b trust anchors.</param>
    /// <param name="projectCode">The project the card was issued for.</param>
    /// <param name="captureRecord">A fresh capture of an enrolled finger.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>Whether the login passed, with the client's result and the server-side verdict.</returns>
    public async Task<ConnectionTestResult> TestConnectionAsync(CasdCard card, string projectCode, ReadOnlyMemory<byte> captureRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectCode);
        return await TestConnectionAsync(card, projectCode, captureRecord, new Run(this, card, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Express enrolment from the researcher's current card: a live match on that card proves the
    /// holder is present, and its signed login statement gives the full-enrolment date and kind,
    /// checked against the issuing CA and its CRL (a revoked card is no basis). The holder identity
    /// is read inside the same secure session.
    /// </summary>
    /// <param name="currentCard">The researcher's current card, opened with a channel factory that has the SCP11b trust anchors.</param>
    /// <param name="liveCaptureRecord">A live capture of an enrolled finger.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>The basis, or why the card gives none.</returns>
    public async Task<ExpressEnrolmentBasisResult> ReadExpressBasisAsync(CasdCard currentCard, ReadOnlyMemory<byte> liveCaptureRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(currentCard);
        var verifier = await DeskVerifierAsync(null, cancellationToken).ConfigureAwait(false);
        var challenge = await verifier.IssueChallengeAsync(cancellationToken).ConfigureAwait(false);
        var client = new RemoteAccessClient(new RemoteAccessOptions(null, _policy), _logger);
        var transaction = await currentCard.BeginTransactionAsync(TransactionEnd.ResetCard, cancellationToken).ConfigureAwait(false);
        try
        {
            HolderIdentity? holder = null;
            var login = await client.LoginAsync(currentCard, liveCaptureRecord, DeskAudience, challenge, async ct =>
            {
                // Inside the login's secure session, after the match: authenticated by R-MAC.
                var encoded = await currentCard.GetDataAsync(CasdTags.Holder, cancellationToken: ct).ConfigureAwait(false);
                holder = encoded is { } h ? HolderIdentity.Parse(h.Span) : null;
            }, cancellationToken).ConfigureAwait(false);
            if (!login.IsAuthenticated || login.Assertion is null)
            {
                return ExpressEnrolmentBasisResult.Refused("the current card did not log in: " + login.Reason);
            }

            var verdict = await verifier.VerifyAsync(login.Assertion, cancellationToken).ConfigureAwait(false);
            if (!verdict.IsValid || verdict.Statement is not { } statement)
            {
                return ExpressEnrolmentBasisResult.Refused("the current card's signed statement was refused: " + verdict.Message);
            }

            if (holder is null)
            {
                return ExpressEnrolmentBasisResult.Refused("the current card holds no holder identity");
            }

            EnrolmentLog.ExpressBasisRead(_logger, statement.CardSerial, statement.FullEnrolmentDate);
            return ExpressEnrolmentBasisResult.Found(new ExpressEnrolmentBasis(holder, statement.Kind, statement.FullEnrolmentDate, statement.CardSerial, statement.ProjectCode));
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Step 1: full or express.</summary>
    private EnrolmentDecision Decide(EnrolmentRequest request, Run run)
    {
        run.Report(EnrolmentStep.DecideProcedure, EnrolmentStepState.Started, "deciding full or express enrolment");
        var decision = _policy.DecideEnrolment(request.LastFullEnrolmentDate);
        run.Report(EnrolmentStep.DecideProcedure, EnrolmentStepState.Completed, string.Format(
            CultureInfo.InvariantCulture, "{0} enrolment: {1}", decision.Procedure == EnrolmentProcedure.Full ? "full" : "express", decision.Reason));
        return decision;
    }

    /// <summary>Step 2: the personalisation channel, on a card still in personalisation.</summary>
    private static async Task<EnrolmentResult?> OpenChannelAsync(CasdCard card, EnrolmentDecision decision, Run run, CancellationToken cancellationToken)
    {
        run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Started, "opening the personalisation channel");
        await card.OpenChannelAsync(CardChannelPurpose.Personalisation, cancellationToken).ConfigureAwait(false);
        if (card.Fci.Lifecycle != CardLifecycleState.Personalisation)
        {
            run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Failed, "the card is not in personalisation");
            return new EnrolmentResult(EnrolmentOutcome.CardNotInPersonalisation, card.Serial, decision, string.Format(
                CultureInfo.InvariantCulture, "The card is {0}, not in personalisation; use a new card.", card.Fci.Lifecycle));
        }

        run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Completed, "channel open on card " + card.Serial);
        return null;
    }

    /// <summary>Converts and gates every finger before anything is written, so a bad capture costs no card writes.</summary>
    private static EnrolmentResult? PrepareFingers(CasdCard card, EnrolmentRequest request, EnrolmentDecision decision, List<CompactCardTemplate> fingers, Run run)
    {
        for (var i = 0; i < request.FingerRecords.Count; i++)
        {
            var reference = i == 0 ? FingerReference.Primary : FingerReference.Secondary;
            var data = card.ConvertCapture(reference, request.FingerRecords[i].Span);
            fingers.Add(data);
            var verdict = EnrolmentQualityGate.CheckFingerPosition(data.FingerPosition);
            if (verdict.IsAccepted)
            {
                verdict = EnrolmentQualityGate.CheckMinutiae(data.Minutiae.Span, card.BiometricTemplates.ParametersFor((byte)reference));
            }

            if (verdict.IsAccepted && i == 1)
            {
                verdict = EnrolmentQualityGate.CheckDistinctFingers(fingers[0].FingerPosition, data.FingerPosition);
            }

            if (!verdict.IsAccepted)
            {
                var message = string.Format(CultureInfo.InvariantCulture, "finger {0} refused: {1}", i + 1, verdict.Message);
                run.Report(EnrolmentStep.EnrolFingers, EnrolmentStepState.Failed, message);
                return new EnrolmentResult(EnrolmentOutcome.FingerRejected, card.Serial, decision, "Finger " + (i + 1).ToString(CultureInfo.InvariantCulture) + " refused: " + verdict.Message + ".") { FingerRejection = verdict };
            }
        }

        return null;
    }

    /// <summary>Step 3: holder, project and enrolment record, after erasing what an earlier run left that this one would not overwrite.</summary>
    private async Task<EnrolmentInspection> WriteHolderDataAsync(CasdCard card, EnrolmentRequest request, EnrolmentDecision decision, Run run, CancellationToken cancellationToken)
    {
        var inspection = await InspectAsync(card, cancellationToken).ConfigureAwait(false);
        if (StaleReason(inspection, request) is { } stale)
        {
            // What an earlier run left could survive this one (another holder's finger, a finger 2
            // this run does not enrol): start from a blank card instead.
            run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.Started, stale + "; erasing the unfinished personalisation first");
            await card.ErasePersonalisationAsync(cancellationToken).ConfigureAwait(false);
            EnrolmentLog.Erased(_logger, card.Serial);
            inspection = await InspectAsync(card, cancellationToken).ConfigureAwait(false);
        }

        var record = new EnrolmentRecord(request.Kind, decision.FullEnrolmentDate, _policy.Today, decision.Procedure == EnrolmentProcedure.Express, request.GeneralConditionsVersion);
        if (inspection.Holder == request.Holder && inspection.Project == request.Project && inspection.Enrolment == record)
        {
            run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.AlreadyDone, "holder, project and enrolment record already on the card");
            return inspection;
        }

        run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.Started, "writing holder, project and enrolment record");
        await card.PutDataAsync(request.Holder.Encode(), cancellationToken).ConfigureAwait(false);
        await card.PutDataAsync(request.Project.Encode(), cancellationToken).ConfigureAwait(false);
        await card.PutDataAsync(record.Encode(), cancellationToken).ConfigureAwait(false);
        run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.Completed, string.Format(
            CultureInfo.InvariantCulture, "holder {0}, project {1}, {2}, full enrolment {3:yyyy-MM-dd}", request.Holder.HolderId, request.Project.ProjectCode, request.Kind, decision.FullEnrolmentDate));
        return inspection;
    }

    /// <summary>Step 5: the reference templates.</summary>
    private static async Task EnrolFingersAsync(CasdCard card, EnrolmentRequest request, List<CompactCardTemplate> fingers, Run run, CancellationToken cancellationToken)
    {
        run.Report(EnrolmentStep.EnrolFingers, EnrolmentStepState.Started, string.Format(CultureInfo.InvariantCulture, "enrolling {0} finger(s)", fingers.Count));
        for (var i = 0; i < fingers.Count; i++)
        {
            await card.EnrolFingerAsync(i == 0 ? FingerReference.Primary : FingerReference.Secondary, fingers[i], request.SecurityLevel, cancellationToken).ConfigureAwait(false);
        }

        run.Report(EnrolmentStep.EnrolFingers, EnrolmentStepState.Completed, string.Format(
            CultureInfo.InvariantCulture, "{0} finger(s) enrolled ({1} minutiae)", fingers.Count, string.Join(" + ", fingers.Select(f => f.MinutiaCount))));
    }

    /// <summary>Step 6: a match of the fresh capture inside the desk's channel, then ACTIVATE; a card whose reference does not match is not issued.</summary>
    private static async Task<EnrolmentResult?> IssueAsync(CasdCard card, EnrolmentRequest request, EnrolmentDecision decision, int fingerCount, Run run, CancellationToken cancellationToken)
    {
        run.Report(EnrolmentStep.Issue, EnrolmentStepState.Started, "checking the references against the fresh capture, then issuing");
        var check = await card.VerifyCaptureAsync(request.ConnectionTestRecord, allowSecondFinger: fingerCount == 2, cancellationToken).ConfigureAwait(false);

        if (!check.IsMatch)
        {
            run.Report(EnrolmentStep.Issue, EnrolmentStepState.Failed, "the fresh capture does not match: " + check);
            return new EnrolmentResult(EnrolmentOutcome.ConnectionTestFailed, card.Serial, decision, "The fresh capture does not match the enrolled fingers (" + check + "); capture the fingers again and rerun. The card was not issued.")
            {
                ConnectionTest = check,
            };
        }

        await card.ActivateAsync(cancellationToken).ConfigureAwait(false);
        run.Report(EnrolmentStep.Issue, EnrolmentStepState.Completed, string.Format(CultureInfo.InvariantCulture, "card {0} issued, valid until {1:yyyy-MM-dd}", card.Serial, decision.ValidUntil));
        return null;
    }

    /// <summary>Step 7: the connection test, a real login as the remote-access client and server run it.</summary>
    private async Task<ConnectionTestResult> TestConnectionAsync(CasdCard card, string projectCode, ReadOnlyMemory<byte> captureRecord, Run run, CancellationToken cancellationToken)
    {
        run.Report(EnrolmentStep.ConnectionTest, EnrolmentStepState.Started, "a login: SCP11b, match on the card, signed statement checked against the CA");
        var verifier = await DeskVerifierAsync(projectCode, cancellationToken).ConfigureAwait(false);
        var challenge = await verifier.IssueChallengeAsync(cancellationToken).ConfigureAwait(false);
        var client = new RemoteAccessClient(new RemoteAccessOptions(projectCode, _policy), _logger);
        var login = await client.LoginAsync(card, captureRecord, DeskAudience, challenge, cancellationToken).ConfigureAwait(false);
        var verdict = login.Assertion is { } assertion ? await verifier.VerifyAsync(assertion, cancellationToken).ConfigureAwait(false) : null;
        var passed = login.IsAuthenticated && verdict is { IsValid: true };
        var message = passed ? "logged in: " + verdict!.Message : verdict is { IsValid: false } ? "the server refused the login: " + verdict.Message : login.Reason;
        run.Report(EnrolmentStep.ConnectionTest, passed ? EnrolmentStepState.Completed : EnrolmentStepState.Failed, message);
        return new ConnectionTestResult(passed, message, login, verdict);
    }

    /// <summary>A verifier as a remote-access server would run it, for the desk's own audience, with the issuing CA and its current CRL.</summary>
    private async Task<LoginAssertionVerifier> DeskVerifierAsync(string? projectCode, CancellationToken cancellationToken) =>
        new(
            new LoginAssertionVerifierOptions
            {
                Audience = DeskAudience,
                TrustAnchors = _issuer.TrustAnchors,
                ProjectCode = projectCode,
                CertificateRevocationLists = [await _issuer.PublishCrlAsync(cancellationToken).ConfigureAwait(false)],
            },
            timeProvider: _timeProvider,
            logger: _logger);

    private static string? StaleReason(EnrolmentInspection inspection, EnrolmentRequest request)
    {
        if (inspection.Holder is { } holder && !string.Equals(holder.HolderId, request.Holder.HolderId, StringComparison.Ordinal))
        {
            return "the card holds data of another holder from an earlier run";
        }

        if (request.FingerRecords.Count == 1 && inspection.EnrolledFingers.Contains(FingerReference.Secondary))
        {
            return "the card holds a finger 2 from an earlier run that this run does not enrol";
        }

        return null;
    }

    private static bool CertifiesKey(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> point)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
            using var key = certificate.GetECDsaPublicKey();
            if (key is null)
            {
                return false;
            }

            var q = key.ExportParameters(false).Q;
            return point.Length == 65 && point[1..33].SequenceEqual(q.X) && point[33..].SequenceEqual(q.Y);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<byte>>> InstallCertificateAsync(
        CasdCard card, EnrolmentRequest request, EnrolmentDecision decision, EnrolmentInspection inspection, Run run, CancellationToken cancellationToken)
    {
        if (inspection.Steps[EnrolmentStep.InstallCertificate] == EnrolmentStepStatus.Done
            && inspection.Project == request.Project
            && await card.ReadCertificateAsync(cancellationToken).ConfigureAwait(false) is { } existing
            && CertificateFits(existing.Span, card.Serial, request.Project.ProjectCode))
        {
            run.Report(EnrolmentStep.InstallCertificate, EnrolmentStepState.AlreadyDone, "key pair and certificate already on the card");
            return [existing];
        }

        run.Report(EnrolmentStep.InstallCertificate, EnrolmentStepState.Started, "generating the card key pair");
        var publicKey = await card.GenerateKeyPairAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var notAfter = new DateTimeOffset(EnrolmentPolicy.GetExpiryDate(decision.FullEnrolmentDate).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var issued = await _issuer.IssueAsync(new CardCertificateRequest(publicKey, card.Serial, request.Project.ProjectCode, now.AddMinutes(-5), notAfter), cancellationToken).ConfigureAwait(false);
        if (issued.Count == 0)
        {
            throw new InvalidOperationException("The certificate issuer returned no certificate.");
        }

        try
        {
            await card.InstallCertificateAsync(issued[0].RawData, cancellationToken).ConfigureAwait(false);
            run.Report(EnrolmentStep.InstallCertificate, EnrolmentStepState.Completed, "certificate installed: " + issued[0].Subject);
            return [.. issued.Select(c => (ReadOnlyMemory<byte>)c.RawData)];
        }
        finally
        {
            foreach (var c in issued)
            {
                c.Dispose();
            }
        }
    }

    private static bool CertificateFits(ReadOnlySpan<byte> der, string serial, string project)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return CardCertificateNames.GetCardSerial(certificate) == serial && CardCertificateNames.GetProjectId(certificate) == project;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private sealed class Run(EnrolmentDesk desk, CasdCard card, IProgress<EnrolmentProgress>? progress)
    {
        public void Report(EnrolmentStep step, EnrolmentStepState state, string detail)
        {
            EnrolmentLog.Step(desk._logger, card.Serial, step, state);
            progress?.Report(new EnrolmentProgress(step, state, detail));
        }
    }
}
