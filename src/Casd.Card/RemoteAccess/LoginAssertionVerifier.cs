using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// The server side of a CASD login: issues single-use challenges and verifies the assertions that
/// answer them. An assertion is accepted only when the card signed this server's audience and one
/// of its unexpired, unused challenges; the certificate chains to a trust anchor, is a card signing
/// certificate for the statement's card and project and is not revoked; the enrolment is of the
/// required kind and under 4 years old; and the card's signature counter is above the last seen.
/// </summary>
/// <remarks>
/// <para>Every refusal is a <see cref="LoginRefusalReason"/> and one sentence; nothing the network
/// sends makes <see cref="VerifyAsync(ReadOnlyMemory{byte}, CancellationToken)"/> throw. Only a
/// failing <see cref="ILoginStateStore"/> (Redis unreachable) surfaces as an exception.</para>
/// <para>The challenge is redeemed only after every check of the assertion itself passed, so
/// sending garbage with a stolen challenge cannot burn it; the counter is advanced last. Thread-safe:
/// one verifier serves concurrent requests. A chain that validated once is remembered (by the hash
/// of its certificates, within their common validity) so a returning card costs a signature check,
/// not a chain build; revocation is checked every time.</para>
/// </remarks>
public sealed class LoginAssertionVerifier
{
    private const int MaxCachedChains = 10_000;
    private const string KeyUsageOid = "2.5.29.15";
    private const string BasicConstraintsOid = "2.5.29.19";
    private readonly LoginAssertionVerifierOptions _options;
    private readonly ILoginStateStore _store;
    private readonly LoginChallengeIssuer _challenges;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly byte[] _audienceHash;
    private readonly X509Certificate2Collection _anchors;
    private readonly CertificateRevocationLists _crls;
    private readonly ConcurrentDictionary<string, (DateTimeOffset From, DateTimeOffset To, byte[] Issuer)> _validChains = new(StringComparer.Ordinal);

    /// <summary>Initializes the verifier.</summary>
    /// <param name="options">Audience, trust anchors, project rules, revocation.</param>
    /// <param name="store">Where challenges and counters live; a new <see cref="InMemoryLoginStateStore"/> when <see langword="null"/> (one server).</param>
    /// <param name="timeProvider">The clock of challenges, validity and CRLs; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Verdicts with card serials and reasons; never signatures or certificates.</param>
    /// <exception cref="ArgumentException">No trust anchor, a challenge length outside 16–64 or a lifetime not positive, or a malformed CRL.</exception>
    public LoginAssertionVerifier(LoginAssertionVerifierOptions options, ILoginStateStore? store = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Audience, nameof(options));
        if (options.TrustAnchors is not { Count: > 0 })
        {
            throw new ArgumentException("At least one trust anchor is needed to verify logins.", nameof(options));
        }

        _options = options;
        _store = store ?? new InMemoryLoginStateStore();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _challenges = new LoginChallengeIssuer(options.Audience, _store, options.ChallengeLifetime, options.ChallengeLength, _timeProvider);
        _logger = logger ?? NullLogger.Instance;
        _audienceHash = LoginStatement.HashAudience(options.Audience);
        _anchors = [.. options.TrustAnchors];
        _crls = new CertificateRevocationLists(options.CertificateRevocationLists);
    }

    /// <summary>Issues a fresh random challenge for one login, valid for <see cref="LoginAssertionVerifierOptions.ChallengeLifetime"/>.</summary>
    /// <param name="cancellationToken">Cancels the store call.</param>
    /// <returns>The challenge to send to the client.</returns>
    public ValueTask<byte[]> IssueChallengeAsync(CancellationToken cancellationToken = default) => _challenges.IssueAsync(cancellationToken);

    /// <summary>Verifies an assertion in its JSON form, as received from the network.</summary>
    /// <param name="assertionJson">The client's JSON (<see cref="LoginAssertion.ToJson"/>).</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>Accepted, or the reason and sentence of the refusal.</returns>
    public ValueTask<LoginVerificationResult> VerifyAsync(ReadOnlyMemory<byte> assertionJson, CancellationToken cancellationToken = default) =>
        LoginAssertion.TryParse(assertionJson.Span, out var assertion, out var error)
            ? VerifyAsync(assertion, cancellationToken)
            : ValueTask.FromResult(Refuse(null, LoginRefusalReason.Malformed, "the assertion is malformed: " + error));

    /// <summary>Verifies an assertion.</summary>
    /// <param name="assertion">What the client sent.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>Accepted, or the reason and sentence of the refusal.</returns>
    public async ValueTask<LoginVerificationResult> VerifyAsync(LoginAssertion assertion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var now = _timeProvider.GetUtcNow();
        var (statement, refusal) = Check(assertion, now);
        if (refusal is not null)
        {
            return refusal;
        }

        var redemption = await _store.RedeemChallengeAsync(LoginStateKeys.Challenge(statement!.AudienceHash.Span, statement.Challenge.Span), now, cancellationToken).ConfigureAwait(false);
        switch (redemption)
        {
            case ChallengeRedemption.Unknown:
                return Refuse(statement, LoginRefusalReason.UnknownChallenge, "the challenge was not issued by this server (or was forgotten long after it expired)");
            case ChallengeRedemption.Expired:
                return Refuse(statement, LoginRefusalReason.ExpiredChallenge, "the challenge expired before the assertion arrived; log in again");
            case ChallengeRedemption.AlreadyRedeemed:
                return Refuse(statement, LoginRefusalReason.ReplayedChallenge, "the challenge was already used: this assertion is a replay");
        }

        var counter = await _store.AdvanceCounterAsync(statement.CardSerial, statement.SignatureCounter, cancellationToken).ConfigureAwait(false);
        if (!counter.Advanced)
        {
            return Refuse(statement, LoginRefusalReason.PossibleClone, string.Format(
                CultureInfo.InvariantCulture,
                "the card's signature counter {0} is not above the last one seen ({1}): a cloned card, or an assertion replayed from another server",
                statement.SignatureCounter,
                counter.LastSeen));
        }

        RemoteAccessLog.Accepted(_logger, statement.CardSerial, statement.ProjectCode, statement.SignatureCounter);
        return new LoginVerificationResult(LoginRefusalReason.None, string.Format(
            CultureInfo.InvariantCulture,
            "card {0} of project {1} logged in ({2} enrolment of {3:yyyy-MM-dd}, signature {4})",
            statement.CardSerial,
            statement.ProjectCode,
            statement.Kind == EnrolmentKind.Health ? "health-data" : "standard",
            statement.FullEnrolmentDate,
            statement.SignatureCounter))
        {
            Statement = statement,
        };
    }

    /// <summary>Every check that needs no shared state, cheapest and most telling first.</summary>
    private (LoginStatement? Statement, LoginVerificationResult? Refusal) Check(LoginAssertion assertion, DateTimeOffset now)
    {
        if (!LoginStatement.TryParse(assertion.Statement.Span, out var statement, out var error))
        {
            var version = LoginStatement.PeekVersion(assertion.Statement.Span);
            var reason = version is { } v && v != LoginStatement.CurrentVersion ? LoginRefusalReason.UnsupportedVersion : LoginRefusalReason.Malformed;
            return (null, Refuse(null, reason, error));
        }

        if (!statement.AudienceHash.Span.SequenceEqual(_audienceHash))
        {
            return (statement, Refuse(statement, LoginRefusalReason.WrongAudience, "the card signed for another audience than this server: the assertion was made for, or relayed from, another server"));
        }

        if (!statement.MatchedOnCard)
        {
            return (statement, Refuse(statement, LoginRefusalReason.NotMatchedOnCard, "the statement does not say the finger was matched on the card"));
        }

        if (assertion.CertificateChain.Count == 0)
        {
            return (statement, Refuse(statement, LoginRefusalReason.Malformed, "the assertion carries no certificate"));
        }

        var certificates = new List<X509Certificate2>(assertion.CertificateChain.Count);
        try
        {
            foreach (var der in assertion.CertificateChain)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(der.Span));
            }

            return (statement, CheckCertificates(statement, assertion, certificates, now) ?? CheckEnrolment(statement, now));
        }
        catch (CryptographicException)
        {
            // A certificate that does not parse, or one that parses but fails on first use (OpenSSL).
            return (statement, Refuse(statement, LoginRefusalReason.Malformed, "a certificate in the chain is malformed"));
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private LoginVerificationResult? CheckCertificates(LoginStatement statement, LoginAssertion assertion, List<X509Certificate2> certificates, DateTimeOffset now)
    {
        var leaf = certificates[0];
        if (!IsCardSigningCertificate(leaf, out var unsuitable))
        {
            return Refuse(statement, LoginRefusalReason.UnsuitableCertificate, unsuitable);
        }

        var serial = CardCertificateNames.GetCardSerial(leaf);
        var project = CardCertificateNames.GetProjectId(leaf);
        if (!string.Equals(serial, statement.CardSerial, StringComparison.OrdinalIgnoreCase) || !string.Equals(project, statement.ProjectCode, StringComparison.Ordinal))
        {
            return Refuse(statement, LoginRefusalReason.CertificateMismatch, string.Format(
                CultureInfo.InvariantCulture,
                "the certificate names card {0}, project {1}; the statement card {2}, project {3}",
                serial ?? "(none or ambiguous)",
                project ?? "(none or ambiguous)",
                statement.CardSerial,
                statement.ProjectCode));
        }

        using (var key = leaf.GetECDsaPublicKey()!)
        {
            if (!key.VerifyData(assertion.Statement.Span, assertion.Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                return Refuse(statement, LoginRefusalReason.BadSignature, "the signature does not verify with the card certificate's key");
            }
        }

        var issuer = ValidateChain(certificates, now, out var untrusted);
        if (issuer is null)
        {
            return Refuse(statement, LoginRefusalReason.UntrustedCertificate, untrusted!);
        }

        if (_options.Revocation == RevocationMode.Required && _crls.Check(leaf, issuer, now, _options.StaleCrlGrace) is { } revoked)
        {
            return Refuse(statement, revoked.Reason, revoked.Message);
        }

        return null;
    }

    private LoginVerificationResult? CheckEnrolment(LoginStatement statement, DateTimeOffset now)
    {
        if (_options.ProjectCode is { } expected && !string.Equals(expected, statement.ProjectCode, StringComparison.Ordinal))
        {
            return Refuse(statement, LoginRefusalReason.WrongProject, string.Format(CultureInfo.InvariantCulture, "the card is enrolled for project {0}, not {1}", statement.ProjectCode, expected));
        }

        if (_options.RequiredKind is { } kind && kind != statement.Kind)
        {
            return Refuse(statement, LoginRefusalReason.WrongEnrolmentKind, string.Format(
                CultureInfo.InvariantCulture,
                "this project requires a {0} enrolment; the card's is {1}",
                kind == EnrolmentKind.Health ? "health-data" : "standard",
                statement.Kind == EnrolmentKind.Health ? "health-data" : "standard"));
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _options.TimeZone ?? TimeZoneInfo.Utc).DateTime);
        if (statement.FullEnrolmentDate > today)
        {
            return Refuse(statement, LoginRefusalReason.EnrolmentExpired, string.Format(CultureInfo.InvariantCulture, "the full enrolment is dated {0:yyyy-MM-dd}, in the future; check the clocks", statement.FullEnrolmentDate));
        }

        if (today >= EnrolmentPolicy.GetExpiryDate(statement.FullEnrolmentDate))
        {
            return Refuse(statement, LoginRefusalReason.EnrolmentExpired, string.Format(
                CultureInfo.InvariantCulture,
                "the full enrolment of {0:yyyy-MM-dd} expired on {1:yyyy-MM-dd}; a new full enrolment is required",
                statement.FullEnrolmentDate,
                EnrolmentPolicy.GetExpiryDate(statement.FullEnrolmentDate)));
        }

        return null;
    }

    private static bool IsCardSigningCertificate(X509Certificate2 leaf, out string reason)
    {
        using var key = leaf.GetECDsaPublicKey();
        if (key is null || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            reason = "the card certificate does not hold a P-256 key";
            return false;
        }

        if (leaf.Extensions[KeyUsageOid] is not X509KeyUsageExtension usage || (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            reason = "the card certificate does not allow digital signatures (key usage missing or without digitalSignature)";
            return false;
        }

        if (leaf.Extensions[BasicConstraintsOid] is X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            reason = "the card certificate is a CA certificate";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Builds the chain to a trust anchor at <paramref name="now"/>; returns the DER of the leaf's issuer as the chain found it, or null with the reason.</summary>
    private byte[]? ValidateChain(List<X509Certificate2> certificates, DateTimeOffset now, out string? reason)
    {
        var cacheKey = Convert.ToHexString(SHA256.HashData(certificates.SelectMany(c => c.RawData).ToArray()));
        if (_validChains.TryGetValue(cacheKey, out var window) && now >= window.From && now <= window.To)
        {
            reason = null;
            return window.Issuer;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(certificates[0]))
        {
            reason = "the card certificate is not valid now or not issued by a trusted CA (" + string.Join(", ", chain.ChainStatus.Select(s => s.Status)) + ")";
            return null;
        }

        if (chain.ChainElements.Count < 2)
        {
            reason = "the card certificate is itself a trust anchor";
            return null;
        }

        if (_validChains.Count >= MaxCachedChains)
        {
            _validChains.Clear();
        }

        // The issuer is the chain's second element, the one whose key verified the leaf: not merely a
        // certificate the client sent with the right name. Its bytes outlive the chain's objects.
        var issuer = chain.ChainElements[1].Certificate.RawData;
        var from = chain.ChainElements.Max(e => new DateTimeOffset(e.Certificate.NotBefore.ToUniversalTime()));
        var to = chain.ChainElements.Min(e => new DateTimeOffset(e.Certificate.NotAfter.ToUniversalTime()));
        _validChains[cacheKey] = (from, to, issuer);
        reason = null;
        return issuer;
    }

    private LoginVerificationResult Refuse(LoginStatement? statement, LoginRefusalReason reason, string message)
    {
        RemoteAccessLog.Refused(_logger, statement?.CardSerial ?? "(unknown)", reason, message);
        return new LoginVerificationResult(reason, message) { Statement = statement };
    }
}
