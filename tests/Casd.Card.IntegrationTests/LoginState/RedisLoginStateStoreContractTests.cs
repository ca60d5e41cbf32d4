using Casd.Card.Redis;
using Casd.Card.RemoteAccess;
using Casd.Card.Testing;

namespace Casd.Card.IntegrationTests.LoginState;

/// <summary>
/// The store contract on <see cref="RedisLoginStateStore"/> against the Redis of CASD_REDIS: the
/// store and its peer are two connections (two multiplexers), as two servers would hold.
/// </summary>
public sealed class RedisLoginStateStoreContractTests : LoginStateStoreContract
{
    private readonly List<RedisLoginStateStore> _opened = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override ValueTask<ILoginStateStore> CreateStoreAsync() => ConnectAsync();

    protected override ValueTask<ILoginStateStore> CreatePeerAsync() => ConnectAsync();

    private async ValueTask<ILoginStateStore> ConnectAsync()
    {
        var endpoint = RedisEnvironment.Require();
        var store = await RedisLoginStateStore.ConnectAsync(endpoint, new RedisLoginStateStoreOptions { Retention = Retention }, Ct);
        _opened.Add(store);
        return store;
    }
}
