using System.Globalization;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// The secure remote-access client's login: open the verification channel (SCP11b), check that the
/// card is issued, its enrolment still valid and for the expected project, verify a live capture on
/// the card, and have the card sign the server's challenge. The result's
/// <see cref="LoginAssertion"/> is what <see cref="LoginAssertionVerifier"/> checks on the server.
/// </summary>
public sealed class RemoteAccessClient
{
    private readonly RemoteAccessOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes the client.</summary>
    /// <param name="options">Expected project and policy.</param>
    /// <param name="logger">Outcomes; never biometric data.</param>
    public RemoteAccessClient(RemoteAccessOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Policy, nameof(options));
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Logs in with the card.</summary>
    /// <param name="card">The card, opened with the client's channel factory.</param>
    /// <param name="liveCaptureRecord">The live capture: an ISO/IEC 19794-2 or ANSI 378 record (first view used).</param>
    /// <param name="audience">The identifier of the server being logged in to, for example its URL; the card signs its SHA-256.</param>
    /// <param name="challenge">The server's challenge, 16 to 64 bytes.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>Authenticated with the assertion, or refused with the reason.</returns>
    /// <exception cref="BiometricDataFormatException">The capture record is malformed.</exception>
    /// <exception cref="Transport.CardRemovedException">The card was removed.</exception>
    /// <exception cref="CardChannelSecurityException">The card's channel factory gives no channel fit for a probe; nothing was sent.</exception>
    public Task<RemoteAccessResult> LoginAsync(CasdCard card, ReadOnlyMemory<byte> liveCaptureRecord, string audience, ReadOnlyMemory<byte> challenge, CancellationToken cancellationToken = default) =>
        LoginAsync(card, liveCaptureRecord, audience, challenge, insideSession: null, cancellationToken);

    /// <summary>The login, with a step run inside the secure session after the match and before the signature (the desk reads the holder there).</summary>
    internal async Task<RemoteAccessResult> LoginAsync(CasdCard card, ReadOnlyMemory<byte> liveCaptureRecord, string audience, ReadOnlyMemory<byte> challenge, Func<CancellationToken, Task>? insideSession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        if (challenge.Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The challenge must be {0} to {1} bytes.", CasdCardInterface.MinChallengeLength, CasdCardInterface.MaxChallengeLength), nameof(challenge));
        }

        var audienceHash = LoginStatement.HashAudience(audience);

        // One transaction from the channel to the signature, so no other application's command lands
        // in between; it ends by resetting the card, so no verification or channel outlives the login.
        // APDUs: SELECT (when the card was not just selected), certificate store, key agreement, login
        // information, VERIFY (twice when finger 2 is tried), GENERAL AUTHENTICATE.
        var transaction = await card.BeginTransactionAsync(TransactionEnd.ResetCard, cancellationToken).ConfigureAwait(false);
        try
        {
            await card.OpenChannelAsync(CardChannelPurpose.Verification, cancellationToken).ConfigureAwait(false);
            var info = await card.ReadLoginInformationAsync(cancellationToken).ConfigureAwait(false);
            var refusal = Check(info);
            if (refusal is not null)
            {
                return Done(card, refusal);
            }

            // Finger 2 only when allowed and enrolled; BF25 already told which fingers are, so no extra GET DATA.
            var verification = await card.VerifyCaptureAsync(liveCaptureRecord, _options.AllowSecondFinger, info.Biometrics, cancellationToken).ConfigureAwait(false);
            if (!verification.IsMatch)
            {
                var reason = verification.Outcome switch
                {
                    VerificationOutcome.NoMatch => string.Format(CultureInfo.InvariantCulture, "The fingerprint did not match the card; {0} tries left. Try again with the enrolled finger.", verification.RetriesLeft),
                    VerificationOutcome.Blocked => "The card's fingerprint references are blocked; the enrolment desk must reset them.",
                    _ => "The capture was rejected: " + verification.Reason + ".",
                };
                return Done(card, new RemoteAccessResult(RemoteAccessOutcome.VerificationFailed, reason) { Verification = verification });
            }

            if (insideSession is not null)
            {
                await insideSession(cancellationToken).ConfigureAwait(false);
            }

            var signed = await card.SignLoginAsync(audienceHash, challenge, cancellationToken).ConfigureAwait(false);
            var assertion = new LoginAssertion(signed.EncodedStatement, signed.Signature, [info.Certificate!.Value]);
            return Done(card, new RemoteAccessResult(RemoteAccessOutcome.Authenticated, "The card matched and signed the login statement.")
            {
                Assertion = assertion,
                Statement = signed.Statement,
                Verification = verification,
            });
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RemoteAccessResult? Check(LoginInformation info)
    {
        if (info.Lifecycle != CardLifecycleState.Issued)
        {
            return new RemoteAccessResult(RemoteAccessOutcome.CardNotIssued, string.Format(CultureInfo.InvariantCulture, "The card is {0}, not issued; take it to the enrolment desk.", info.Lifecycle));
        }

        if (info.Enrolment is not { } enrolment || info.Project is not { } project || info.Certificate is null)
        {
            return new RemoteAccessResult(RemoteAccessOutcome.CardIncomplete, "The card lacks its enrolment record, project or certificate; take it to the enrolment desk.");
        }

        var validity = _options.Policy.CheckValidity(enrolment.FullEnrolmentDate, enrolment.CardIssueDate);
        if (!validity.IsValid)
        {
            return new RemoteAccessResult(RemoteAccessOutcome.EnrolmentExpired, "The card's enrolment is not valid: " + validity.Reason + ".");
        }

        if (_options.ExpectedProjectCode is { } expected && !string.Equals(project.ProjectCode, expected, StringComparison.Ordinal))
        {
            return new RemoteAccessResult(RemoteAccessOutcome.WrongProject, string.Format(CultureInfo.InvariantCulture, "The card is for project '{0}', not '{1}'; use the card of this project.", project.ProjectCode, _options.ExpectedProjectCode));
        }

        return null;
    }

    private RemoteAccessResult Done(CasdCard card, RemoteAccessResult result)
    {
        RemoteAccessLog.Outcome(_logger, card.Serial, result.Outcome);
        return result with { CardSerial = card.Serial };
    }
}
