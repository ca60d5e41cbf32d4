using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Transport;
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
        var info = await card.ReadInfoAsync(cancellationToken).ConfigureAwait(false);
        var steps = new Dictionary<EnrolmentStep, EnrolmentStepStatus>();
        var written = (info.Holder is null ? 0 : 1) + (info.Project is null ? 0 : 1) + (info.Enrolment is null ? 0 : 1);
        steps[EnrolmentStep.WriteHolderData] = written switch { 0 => EnrolmentStepStatus.NotDone, 3 => EnrolmentStepStatus.Done, _ => EnrolmentStepStatus.Partial };
        var publicKey = info.HasKeyPair ? await card.ReadPublicKeyAsync(cancellationToken).ConfigureAwait(false) : null;
        steps[EnrolmentStep.InstallCertificate] = !info.HasKeyPair ? EnrolmentStepStatus.NotDone
            : info.Certificate is { } c && publicKey is { } k && CertifiesKey(c.Span, k.Span) ? EnrolmentStepStatus.Done
            : EnrolmentStepStatus.Partial;
        var enrolled = info.Biometrics.Fingers.Where(f => f.IsEnrolled).Select(f => f.Reference).ToArray();
        steps[EnrolmentStep.EnrolFingers] = enrolled.Length == 0 ? EnrolmentStepStatus.NotDone
            : enrolled.Contains(FingerReference.Primary) ? EnrolmentStepStatus.Done : EnrolmentStepStatus.Partial;
        steps[EnrolmentStep.Issue] = info.Lifecycle == CardLifecycleState.Personalisation ? EnrolmentStepStatus.NotDone : EnrolmentStepStatus.Done;
        var inspection = new EnrolmentInspection(info.Serial, info.Lifecycle, steps, info.Holder, info.Project, info.Enrolment, enrolled);
        EnrolmentLog.Inspected(_logger, info.Serial, info.Lifecycle, inspection.IsInterrupted);
        return inspection;
    }

    /// <summary>Erases an unfinished personalisation so the card is blank again; an issued card is refused by the card.</summary>
    /// <param name="card">The card.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>A task.</returns>
    public async Task ResetAsync(CasdCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var transaction = await card.BeginTransactionAsync(CardDisposition.Reset, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Personalises (or finishes personalising) a card.</summary>
    /// <param name="card">The card, opened with the desk's channel factory.</param>
    /// <param name="request">Holder, project, kind, records.</param>
    /// <param name="progress">Receives one report per step state; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; the card can be inspected and the run repeated.</param>
    /// <returns>Issued, or why not.</returns>
    /// <exception cref="BiometricDataFormatException">A finger record is malformed.</exception>
    /// <exception cref="Transport.CardRemovedException">The card was removed; inspect it and rerun.</exception>
    public async Task<EnrolmentResult> EnrolAsync(CasdCard card, EnrolmentRequest request, IProgress<EnrolmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(request);
        if (request.FingerRecords.Count is < 1 or > 2)
        {
            throw new ArgumentException("Enrol one or two fingers.", nameof(request));
        }

        // The whole session in one transaction: no other application's command lands between the
        // desk's, and the card is reset at the end so the desk's session dies with the run.
        var transaction = await card.BeginTransactionAsync(CardDisposition.Reset, cancellationToken).ConfigureAwait(false);
        try
        {
            var run = new Run(this, card, progress);

            // 1. Policy.
            run.Report(EnrolmentStep.DecideProcedure, EnrolmentStepState.Started, "deciding full or express enrolment");
            var decision = _policy.DecideEnrolment(request.LastFullEnrolmentDate);
            run.Report(EnrolmentStep.DecideProcedure, EnrolmentStepState.Completed, string.Format(
                CultureInfo.InvariantCulture, "{0} enrolment: {1}", decision.Procedure == EnrolmentProcedure.Full ? "full" : "express", decision.Reason));

            // 2. Channel.
            run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Started, "opening the personalisation channel");
            await card.OpenChannelAsync(CardChannelPurpose.Personalisation, cancellationToken).ConfigureAwait(false);
            if (card.Fci.Lifecycle != CardLifecycleState.Personalisation)
            {
                run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Failed, "the card is not in personalisation");
                return new EnrolmentResult(EnrolmentOutcome.CardNotInPersonalisation, card.Serial, decision, string.Format(
                    CultureInfo.InvariantCulture, "The card is {0}, not in personalisation; use a new card.", card.Fci.Lifecycle));
            }

            run.Report(EnrolmentStep.OpenChannel, EnrolmentStepState.Completed, "channel open on card " + card.Serial);

            // Convert and gate every finger before writing anything, so a bad capture costs no card writes.
            var fingers = new List<BiometricVerificationData>(2);
            try
            {
                for (var i = 0; i < request.FingerRecords.Count; i++)
                {
                    var reference = i == 0 ? FingerReference.Primary : FingerReference.Secondary;
                    var parameters = card.BiometricTemplates.Find((byte)reference)?.Parameters ?? BiometricMatchingParameters.Default;
                    var data = BiometricVerificationData.FromRecord(request.FingerRecords[i].Span, parameters);
                    fingers.Add(data);
                    var verdict = EnrolmentQualityGate.CheckFingerPosition(data.FingerPosition);
                    if (verdict.IsAccepted)
                    {
                        verdict = EnrolmentQualityGate.CheckMinutiae(data.Minutiae.Span, parameters);
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

                // 3. Holder data.
                var today = _policy.Today;
                var record = new EnrolmentRecord(request.Kind, decision.FullEnrolmentDate, today, decision.Procedure == EnrolmentProcedure.Express, request.GeneralConditionsVersion);
                if (inspection.Holder == request.Holder && inspection.Project == request.Project && inspection.Enrolment == record)
                {
                    run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.AlreadyDone, "holder, project and enrolment record already on the card");
                }
                else
                {
                    run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.Started, "writing holder, project and enrolment record");
                    await card.PutDataAsync(request.Holder.Encode(), cancellationToken).ConfigureAwait(false);
                    await card.PutDataAsync(request.Project.Encode(), cancellationToken).ConfigureAwait(false);
                    await card.PutDataAsync(record.Encode(), cancellationToken).ConfigureAwait(false);
                    run.Report(EnrolmentStep.WriteHolderData, EnrolmentStepState.Completed, string.Format(
                        CultureInfo.InvariantCulture, "holder {0}, project {1}, {2}, full enrolment {3:yyyy-MM-dd}", request.Holder.HolderId, request.Project.ProjectCode, request.Kind, decision.FullEnrolmentDate));
                }

                // 4. Key pair and certificate.
                var chain = await InstallCertificateAsync(card, request, decision, inspection, run, cancellationToken).ConfigureAwait(false);

                // 5. Fingers.
                run.Report(EnrolmentStep.EnrolFingers, EnrolmentStepState.Started, string.Format(CultureInfo.InvariantCulture, "enrolling {0} finger(s)", fingers.Count));
                for (var i = 0; i < fingers.Count; i++)
                {
                    await card.EnrolFingerAsync(i == 0 ? FingerReference.Primary : FingerReference.Secondary, fingers[i], request.SecurityLevel, cancellationToken).ConfigureAwait(false);
                }

                run.Report(EnrolmentStep.EnrolFingers, EnrolmentStepState.Completed, string.Format(
                    CultureInfo.InvariantCulture, "{0} finger(s) enrolled ({1} minutiae)", fingers.Count, string.Join(" + ", fingers.Select(f => f.MinutiaCount))));

                // 6. Connection test.
                run.Report(EnrolmentStep.ConnectionTest, EnrolmentStepState.Started, "match-on-card with a fresh capture");
                var parametersOne = card.BiometricTemplates.Find((byte)FingerReference.Primary)?.Parameters ?? BiometricMatchingParameters.Default;
                VerificationResult test;
                using (var capture = BiometricVerificationData.FromRecord(request.ConnectionTestRecord.Span, parametersOne))
                {
                    test = await card.VerifyAsync(capture, allowSecondFinger: fingers.Count == 2, cancellationToken).ConfigureAwait(false);
                }

                if (!test.IsMatch)
                {
                    run.Report(EnrolmentStep.ConnectionTest, EnrolmentStepState.Failed, test.ToString());
                    return new EnrolmentResult(EnrolmentOutcome.ConnectionTestFailed, card.Serial, decision, "The connection test failed (" + test + "); capture the fingers again and rerun.")
                    {
                        ConnectionTest = test,
                        CertificateChain = chain,
                    };
                }

                run.Report(EnrolmentStep.ConnectionTest, EnrolmentStepState.Completed, test.ToString());

                // 7. Issue.
                run.Report(EnrolmentStep.Issue, EnrolmentStepState.Started, "moving the card to the issued state");
                await card.ActivateAsync(cancellationToken).ConfigureAwait(false);
                run.Report(EnrolmentStep.Issue, EnrolmentStepState.Completed, string.Format(CultureInfo.InvariantCulture, "card {0} issued, valid until {1:yyyy-MM-dd}", card.Serial, decision.ValidUntil));
                return new EnrolmentResult(EnrolmentOutcome.Issued, card.Serial, decision, string.Format(
                    CultureInfo.InvariantCulture, "Card {0} issued for project {1}, valid until {2:yyyy-MM-dd}.", card.Serial, request.Project.ProjectCode, decision.ValidUntil))
                {
                    ConnectionTest = test,
                    CertificateChain = chain,
                };
            }
            finally
            {
                foreach (var f in fingers)
                {
                    f.Dispose();
                }
            }
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

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
