using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.Enrolment;

/// <summary>
/// A self-contained certificate authority for development, the simulator and tests: a fresh
/// P-256 root key in memory, never persisted. Not for production: its key lives in process memory
/// and every instance is a different CA.
/// </summary>
public sealed class DevelopmentCertificateAuthority : ICardCertificateIssuer, IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _root;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<byte[]>> _issued = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(byte[] SerialNumber, DateTimeOffset RevokedAt, X509RevocationReason Reason)> _revoked = [];
    private long _crlNumber;

    /// <summary>Creates a new CA, valid for 30 years from now.</summary>
    /// <param name="timeProvider">The clock for validity dates and CRLs; the system clock when <see langword="null"/>.</param>
    /// <param name="name">The CA's common name.</param>
    public DevelopmentCertificateAuthority(TimeProvider? timeProvider = null, string name = "CASD development card CA")
        : this(ECDsa.Create(ECCurve.NamedCurves.nistP256), "CN=" + name, validity: null, timeProvider)
    {
    }

    /// <summary>
    /// Creates a CA over a key the caller derived, with fixed dates: two runs that derive the same
    /// key agree on the CA (a tool whose cards must verify across runs). The key is copied.
    /// </summary>
    /// <param name="key">A P-256 key; the CA keeps its own copy, the caller keeps (and disposes) this one.</param>
    /// <param name="subject">The CA's distinguished name, for example "CN=…".</param>
    /// <param name="notBefore">The CA's first valid instant.</param>
    /// <param name="notAfter">The CA's last valid instant.</param>
    /// <param name="timeProvider">The clock for certificates and CRLs; the system clock when <see langword="null"/>.</param>
    public DevelopmentCertificateAuthority(ECDsa key, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, TimeProvider? timeProvider = null)
        : this(CopyOf(key), subject, validity: (notBefore, notAfter), timeProvider)
    {
    }

    private DevelopmentCertificateAuthority(ECDsa ownedKey, string subject, (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? validity, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        _key = ownedKey;
        var request = new CertificateRequest(subject, _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _timeProvider = timeProvider ?? TimeProvider.System;
        var now = _timeProvider.GetUtcNow();
        using var withKey = request.CreateSelfSigned(validity?.NotBefore ?? now.AddDays(-1), validity?.NotAfter ?? now.AddYears(30));
        _root = X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    /// <summary>Gets the CA certificate (public part) to configure as a trust anchor.</summary>
    public X509Certificate2 RootCertificate => _root;

    /// <inheritdoc/>
    public IReadOnlyList<X509Certificate2> TrustAnchors => [_root];

    /// <summary>Gets how long a published CRL is current (its nextUpdate); 7 days by default.</summary>
    public TimeSpan CrlValidity { get; init; } = TimeSpan.FromDays(7);

    /// <inheritdoc/>
    public Task<IReadOnlyList<X509Certificate2>> IssueAsync(CardCertificateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var point = request.PublicKey.Span;
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new ArgumentException("The card public key must be an uncompressed P-256 point of 65 bytes.", nameof(request));
        }

        using var cardKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() },
        });
        var certificateRequest = new CertificateRequest(CardCertificateNames.CreateSubject(request.CardSerial, request.ProjectId), cardKey, HashAlgorithmName.SHA256);
        certificateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        certificateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        certificateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        var notAfter = request.NotAfter < _root.NotAfter ? request.NotAfter : new DateTimeOffset(_root.NotAfter);
        using var rootWithKey = _root.CopyWithPrivateKey(_key);
        var certificate = certificateRequest.Create(rootWithKey, request.NotBefore, notAfter, serial);
        lock (_lock)
        {
            if (!_issued.TryGetValue(request.CardSerial, out var serials))
            {
                _issued[request.CardSerial] = serials = [];
            }

            serials.Add(certificate.SerialNumberBytes.ToArray());
        }

        return Task.FromResult<IReadOnlyList<X509Certificate2>>([certificate]);
    }

    /// <inheritdoc/>
    public Task<int> RevokeCardAsync(string cardSerial, X509RevocationReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardSerial);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var revokedNow = 0;
        lock (_lock)
        {
            foreach (var serialNumber in _issued.GetValueOrDefault(cardSerial) ?? [])
            {
                if (!_revoked.Any(r => r.SerialNumber.AsSpan().SequenceEqual(serialNumber)))
                {
                    _revoked.Add((serialNumber, now, reason));
                    revokedNow++;
                }
            }
        }

        return Task.FromResult(revokedNow);
    }

    /// <inheritdoc/>
    public Task<byte[]> PublishCrlAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var builder = new CertificateRevocationListBuilder();
        long number;
        lock (_lock)
        {
            foreach (var (serialNumber, revokedAt, reason) in _revoked)
            {
                builder.AddEntry(serialNumber, revokedAt, reason);
            }

            number = ++_crlNumber;
        }

        using var rootWithKey = _root.CopyWithPrivateKey(_key);
        return Task.FromResult(builder.Build(rootWithKey, new System.Numerics.BigInteger(number), now + CrlValidity, HashAlgorithmName.SHA256, thisUpdate: now));
    }

    private static ECDsa CopyOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("The CA key must be a P-256 key.", nameof(key));
            }

            return ECDsa.Create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Releases the CA key.</summary>
    public void Dispose()
    {
        _key.Dispose();
        _root.Dispose();
    }
}
