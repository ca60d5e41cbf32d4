using Casd.Card.Redis;
using Casd.Card.RemoteAccess;
using Casd.Card.Testing;

namespace Casd.Card.IntegrationTests.LoginState;

/// <summary>
/// Two remote-access servers, each a <see cref="LoginAssertionVerifier"/> over its own Redis
/// connection: a challenge issued by one is accepted by either, once; a replay at the other is
/// named; a card's counter seen by one holds at the other. The Redis of CASD_REDIS.
/// </summary>
public sealed class RedisLoginVerificationTests : IAsyncLifetime
{
    private const string Audience = "https://remote.casd.test";
    private readonly LoginAssertionFactory _card = new(TimeProvider.System, serial: Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]));
    private RedisLoginStateStore? _first;
    private RedisLoginStateStore? _second;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        _card.Dispose();
    }

    [Fact]
    public async Task Two_servers_accept_one_assertion_once()
    {
        var (a, b) = await ServersAsync();
        var assertion = _card.Create(Audience, await a.IssueChallengeAsync(Ct), counter: 1);

        var accepted = await b.VerifyAsync(assertion.ToJson(), Ct);
        Assert.True(accepted.IsValid, accepted.Message);

        var atB = await b.VerifyAsync(assertion.ToJson(), Ct);
        var atA = await a.VerifyAsync(assertion, Ct);
        Assert.Equal(LoginRefusalReason.ReplayedChallenge, atB.Reason);
        Assert.Equal(LoginRefusalReason.ReplayedChallenge, atA.Reason);
    }

    [Fact]
    public async Task Racing_servers_accept_one_assertion_exactly_once()
    {
        var (a, b) = await ServersAsync();
        var assertion = _card.Create(Audience, await b.IssueChallengeAsync(Ct), counter: 1);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).VerifyAsync(assertion, Ct), Ct)));

        Assert.Single(results, r => r.IsValid);
        Assert.All(results.Where(r => !r.IsValid), r => Assert.Equal(LoginRefusalReason.ReplayedChallenge, r.Reason));
    }

    [Fact]
    public async Task A_counter_seen_by_one_server_holds_at_the_other()
    {
        var (a, b) = await ServersAsync();
        Assert.True((await a.VerifyAsync(_card.Create(Audience, await a.IssueChallengeAsync(Ct), counter: 9), Ct)).IsValid);

        // A clone of the card, at the counter it copied, logs in at the other server.
        var clone = await b.VerifyAsync(_card.Create(Audience, await b.IssueChallengeAsync(Ct), counter: 9), Ct);
        Assert.Equal(LoginRefusalReason.PossibleClone, clone.Reason);
        Assert.True((await b.VerifyAsync(_card.Create(Audience, await a.IssueChallengeAsync(Ct), counter: 10), Ct)).IsValid);
    }

    [Fact]
    public async Task A_challenge_of_another_audience_is_refused_before_the_store_is_asked()
    {
        var (a, _) = await ServersAsync();
        var other = new LoginAssertionVerifier(_card.VerifierOptions("https://other.casd.test"), _second);
        var challenge = await a.IssueChallengeAsync(Ct);
        Assert.Equal(LoginRefusalReason.WrongAudience, (await other.VerifyAsync(_card.Create(Audience, challenge, counter: 1), Ct)).Reason);

        // The refusal did not spend it.
        Assert.True((await a.VerifyAsync(_card.Create(Audience, challenge, counter: 1), Ct)).IsValid);
    }

    private async Task<(LoginAssertionVerifier A, LoginAssertionVerifier B)> ServersAsync()
    {
        var endpoint = RedisEnvironment.Require();
        _first = await RedisLoginStateStore.ConnectAsync(endpoint, cancellationToken: Ct);
        _second = await RedisLoginStateStore.ConnectAsync(endpoint, cancellationToken: Ct);
        return (new LoginAssertionVerifier(_card.VerifierOptions(Audience), _first), new LoginAssertionVerifier(_card.VerifierOptions(Audience), _second));
    }
}
