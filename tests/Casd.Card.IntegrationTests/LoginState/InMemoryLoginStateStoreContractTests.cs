using Casd.Card.RemoteAccess;

namespace Casd.Card.IntegrationTests.LoginState;

/// <summary>The store contract on <see cref="InMemoryLoginStateStore"/>: one process, so its peer is itself.</summary>
public sealed class InMemoryLoginStateStoreContractTests : LoginStateStoreContract
{
    private readonly InMemoryLoginStateStore _store = new() { Retention = Retention };

    protected override ValueTask<ILoginStateStore> CreateStoreAsync() => ValueTask.FromResult<ILoginStateStore>(_store);

    protected override ValueTask<ILoginStateStore> CreatePeerAsync() => ValueTask.FromResult<ILoginStateStore>(_store);
}
