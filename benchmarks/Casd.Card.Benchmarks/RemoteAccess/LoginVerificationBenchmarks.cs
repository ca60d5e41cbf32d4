using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Casd.Card.Redis;
using Casd.Card.RemoteAccess;
using Casd.Card.Testing;

namespace Casd.Card.Benchmarks.RemoteAccess;

/// <summary>
/// The server's side of a login: one <see cref="LoginAssertionVerifier.VerifyAsync(LoginAssertion, CancellationToken)"/>
/// of a genuine assertion (statement parse, ECDSA P-256 signature check, chain, CRL, enrolment, then
/// the challenge redeemed and the counter raised in the store), one call at a time, so on one core.
/// The baseline keeps its state in memory; against it: the same over Redis (CASD_REDIS), the same
/// with a new verifier per call (its chain cache cold, its CRL parsed again), the same without the
/// CRL check, and the two Redis costs on their own (a PING, and one redemption script).
/// </summary>
/// <remarks>
/// Each iteration verifies <see cref="Batch"/> fresh assertions (new challenges issued, rising
/// counters, signed in the iteration's setup, not measured): a replay would measure the refusal.
/// Each process takes a new card serial, so counters left in Redis by an earlier run never refuse.
/// Without CASD_REDIS the Redis cases are filtered out with a message, so a dry run still passes.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Batch)]
[Config(typeof(LoginVerificationConfig))]
public class LoginVerificationBenchmarks
{
    /// <summary>Assertions prepared per iteration, one per invocation.</summary>
    public const int Batch = 1024;

    private const string Audience = "https://remote.casd.bench";
    private readonly LoginAssertion[] _assertions = new LoginAssertion[Batch];
    private readonly string[] _keys = new string[Batch];
    private LoginAssertionFactory _card = null!;
    private InMemoryLoginStateStore _memory = null!;
    private LoginAssertionVerifier _memoryVerifier = null!;
    private LoginAssertionVerifier _noRevocationVerifier = null!;
    private LoginAssertionVerifierOptions _options = null!;
    private RedisLoginStateStore? _redis;
    private LoginAssertionVerifier? _redisVerifier;
    private uint _counter;
    private int _next;
    private int _refused;

    [GlobalSetup]
    public async Task Setup()
    {
        _card = new LoginAssertionFactory(TimeProvider.System, serial: Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        _options = _card.VerifierOptions(Audience);
        _memory = new InMemoryLoginStateStore();
        _memoryVerifier = new LoginAssertionVerifier(_options, _memory);
        _noRevocationVerifier = new LoginAssertionVerifier(_options with { Revocation = RevocationMode.Off }, _memory);
        var endpoint = Environment.GetEnvironmentVariable(LoginVerificationConfig.RedisVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return; // the config left the Redis cases out
        }

        try
        {
            _redis = await RedisLoginStateStore.ConnectAsync(endpoint);
            _redisVerifier = new LoginAssertionVerifier(_options, _redis);
        }
        catch (LoginStateStoreException ex)
        {
            Console.WriteLine("// LoginVerificationBenchmarks: the Redis cases return at once, their figures mean nothing: " + ex.Message);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_refused > 0)
        {
            Console.WriteLine($"// LoginVerificationBenchmarks: {_refused} verifications were refused; the figures measured refusals, not logins.");
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _card.Dispose();
    }

    [IterationSetup(Targets = [nameof(InMemory), nameof(InMemoryFreshVerifier), nameof(InMemoryWithoutRevocation)])]
    public void PrepareInMemory() => PrepareAssertions(_memoryVerifier);

    [IterationSetup(Target = nameof(Redis))]
    public void PrepareRedis() => PrepareAssertions(_redisVerifier);

    [IterationSetup(Target = nameof(RedisRedeemRoundTrip))]
    public void PrepareRedisChallenges()
    {
        _next = 0;
        if (_redis is null)
        {
            return;
        }

        var expiry = DateTimeOffset.UtcNow.AddMinutes(2);
        for (var i = 0; i < Batch; i++)
        {
            _keys[i] = LoginStateKeys.Challenge(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        }

        Task.WhenAll(_keys.Select(k => _redis.IssueChallengeAsync(k, expiry).AsTask())).GetAwaiter().GetResult();
    }

    /// <summary>The baseline: warm chain cache, state in memory.</summary>
    [Benchmark(Baseline = true)]
    public async ValueTask<bool> InMemory() => Count(await _memoryVerifier.VerifyAsync(_assertions[_next++]));

    /// <summary>A new verifier per call: the chain built and the CRL parsed every time.</summary>
    [Benchmark]
    public async ValueTask<bool> InMemoryFreshVerifier() => Count(await new LoginAssertionVerifier(_options, _memory).VerifyAsync(_assertions[_next++]));

    /// <summary>The baseline without the CRL check: what revocation costs a login.</summary>
    [Benchmark]
    public async ValueTask<bool> InMemoryWithoutRevocation() => Count(await _noRevocationVerifier.VerifyAsync(_assertions[_next++]));

    /// <summary>Warm chain cache, state in Redis: two round trips (redeem, counter).</summary>
    [Benchmark]
    public async ValueTask<bool> Redis() => _redisVerifier is null || Count(await _redisVerifier.VerifyAsync(_assertions[_next++]));

    /// <summary>One PING: the bare round trip to Redis through the store's connection.</summary>
    [Benchmark]
    public async ValueTask<TimeSpan> RedisPingRoundTrip() => _redis is null ? TimeSpan.Zero : await _redis.PingAsync();

    /// <summary>One redemption script (EVALSHA) of a freshly issued challenge.</summary>
    [Benchmark]
    public async ValueTask<ChallengeRedemption> RedisRedeemRoundTrip() =>
        _redis is null ? ChallengeRedemption.Unknown : await _redis.RedeemChallengeAsync(_keys[_next++], DateTimeOffset.UtcNow);

    private void PrepareAssertions(LoginAssertionVerifier? verifier)
    {
        _next = 0;
        if (verifier is null)
        {
            return;
        }

        var challenges = Task.WhenAll(Enumerable.Range(0, Batch).Select(_ => verifier.IssueChallengeAsync().AsTask())).GetAwaiter().GetResult();
        for (var i = 0; i < Batch; i++)
        {
            _assertions[i] = _card.Create(Audience, challenges[i], ++_counter);
        }
    }

    private bool Count(LoginVerificationResult result)
    {
        if (!result.IsValid)
        {
            _refused++;
        }

        return result.IsValid;
    }

    /// <summary>Adds operations per second, and leaves the Redis cases out (saying why) when CASD_REDIS is unset.</summary>
    private sealed class LoginVerificationConfig : ManualConfig
    {
        public const string RedisVariable = "CASD_REDIS";

        public LoginVerificationConfig()
        {
            AddColumn(StatisticColumn.OperationsPerSecond);

            // The generated project builds Casd.Card, the simulator and Casd.Card.Redis again: on 2 busy cores that passes 2 minutes.
            WithBuildTimeout(TimeSpan.FromMinutes(10));
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RedisVariable)))
            {
                Console.WriteLine($"// LoginVerificationBenchmarks: {RedisVariable} is not set, so the Redis cases are skipped (start one: bash .ci/redis.sh start; export {RedisVariable}=127.0.0.1:6391).");
                AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith(nameof(Redis), StringComparison.Ordinal)));
            }
        }
    }
}
