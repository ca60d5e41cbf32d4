using System.Globalization;
using System.Security.Cryptography;
using Casd.Card.Interface;

namespace Casd.Card.RemoteAccess;

/// <summary>
/// Issues the single-use challenges of one audience into an <see cref="ILoginStateStore"/>: the
/// server's first login step, which needs no trust anchor. <see cref="LoginAssertionVerifier"/>
/// uses one; a front end that only hands out challenges can use one alone over the shared store.
/// </summary>
public sealed class LoginChallengeIssuer
{
    private readonly ILoginStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly byte[] _audienceHash;

    /// <summary>Initializes the issuer.</summary>
    /// <param name="audience">The server's identifier; the card signs its SHA-256.</param>
    /// <param name="store">Where challenges are recorded (shared with the verifiers).</param>
    /// <param name="lifetime">How long a challenge is accepted; 2 minutes when <see langword="null"/>.</param>
    /// <param name="length">The challenge length, 16 to 64 bytes; 32 when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of expiries; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An empty audience, or a length or lifetime out of range.</exception>
    public LoginChallengeIssuer(string audience, ILoginStateStore store, TimeSpan? lifetime = null, int? length = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentNullException.ThrowIfNull(store);
        Length = length ?? 32;
        if (Length is < CasdCardInterface.MinChallengeLength or > CasdCardInterface.MaxChallengeLength)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "Challenges are {0} to {1} bytes.", CasdCardInterface.MinChallengeLength, CasdCardInterface.MaxChallengeLength), nameof(length));
        }

        Lifetime = lifetime ?? TimeSpan.FromMinutes(2);
        if (Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("A challenge must live for some time.", nameof(lifetime));
        }

        Audience = audience;
        _store = store;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _audienceHash = LoginStatement.HashAudience(audience);
    }

    /// <summary>Gets the audience the challenges are for.</summary>
    public string Audience { get; }

    /// <summary>Gets how long a challenge is accepted.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Gets the length of the challenges.</summary>
    public int Length { get; }

    /// <summary>Issues a fresh random challenge and records it, single use, until <see cref="Lifetime"/> from now.</summary>
    /// <param name="cancellationToken">Cancels the store call.</param>
    /// <returns>The challenge to send to the client.</returns>
    public async ValueTask<byte[]> IssueAsync(CancellationToken cancellationToken = default)
    {
        var challenge = RandomNumberGenerator.GetBytes(Length);
        await _store.IssueChallengeAsync(LoginStateKeys.Challenge(_audienceHash, challenge), _timeProvider.GetUtcNow() + Lifetime, cancellationToken).ConfigureAwait(false);
        return challenge;
    }
}
