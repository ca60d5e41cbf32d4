namespace Casd.Card.SecureChannel;

/// <summary>Serves the same static keys for every card (development, tests, a single-card desk).</summary>
public sealed class StaticScp03KeyProvider : IScp03KeyProvider, IDisposable
{
    private readonly Scp03StaticKeys _keys;

    /// <summary>Keeps a copy of the keys.</summary>
    /// <param name="keys">The keys; copied, the caller keeps ownership.</param>
    public StaticScp03KeyProvider(Scp03StaticKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.Clone();
    }

    /// <inheritdoc/>
    public ValueTask<Scp03StaticKeys> GetKeysAsync(Scp03KeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_keys.Clone());
    }

    /// <summary>Zeroes the kept keys.</summary>
    public void Dispose() => _keys.Dispose();
}
