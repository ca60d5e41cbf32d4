using Casd.Card.RemoteAccess;

namespace Casd.Card.Redis;

/// <summary>
/// The Lua scripts that make each read-modify-write of the login state one atomic step on the Redis
/// server: Redis runs a script to the end before any other command (EVAL, "Atomicity of scripts"),
/// so two servers racing on one challenge or counter cannot both win. StackExchange.Redis sends a
/// script once and then calls it by its SHA-1 (EVALSHA), reloading it after a NOSCRIPT answer.
/// </summary>
/// <remarks>
/// A challenge's value is <c>i:MS</c> while issued and <c>r:MS</c> once redeemed, MS being its
/// expiry in Unix milliseconds: the verifier's clock (an argument), not Redis's, decides whether it
/// has expired, as with <see cref="InMemoryLoginStateStore"/>. Each script touches one key, so the
/// store also works on a Redis Cluster.
/// </remarks>
internal static class RedisLoginScripts
{
    /// <summary>The state prefix of an issued challenge.</summary>
    public const string Issued = "i:";

    /// <summary>
    /// KEYS[1] the challenge, ARGV[1] the verifier's clock in Unix ms. Answers the
    /// <see cref="ChallengeRedemption"/>: 0 redeemed, 1 unknown, 2 expired (now spent), 3 already
    /// redeemed. A redeemed challenge keeps its time to live (KEEPTTL), so it is remembered as long
    /// as it would have been.
    /// </summary>
    public const string Redeem = """
        local state = redis.call('GET', KEYS[1])
        if not state then return 1 end
        local kind = string.sub(state, 1, 2)
        if kind == 'r:' then return 3 end
        if kind ~= 'i:' then return redis.error_reply('not a CASD challenge: ' .. KEYS[1]) end
        local expires = string.sub(state, 3)
        redis.call('SET', KEYS[1], 'r:' .. expires, 'KEEPTTL')
        if tonumber(ARGV[1]) > tonumber(expires) then return 2 end
        return 0
        """;

    /// <summary>
    /// KEYS[1] the card's counter, ARGV[1] the statement's counter (0 to 2^32-1, exact in Lua's
    /// doubles). Compare-and-set: raises the counter only when strictly higher. Answers
    /// {1 if raised else 0, the last counter seen before}. Counters never expire.
    /// </summary>
    public const string AdvanceCounter = """
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        if last == nil then return redis.error_reply('not a CASD counter: ' .. KEYS[1]) end
        if tonumber(ARGV[1]) > last then
            redis.call('SET', KEYS[1], ARGV[1])
            return {1, last}
        end
        return {0, last}
        """;
}
