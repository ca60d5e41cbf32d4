namespace Casd.Card.Testing;

/// <summary>
/// A machine-wide reader-writer lock on the one pcscd every test assembly shares. <c>dotnet test</c>
/// runs the test assemblies as parallel processes, and the integration tests stop and restart
/// pcscd to prove recovery: a test in another assembly that talked to pcscd at that moment saw it
/// vanish (a CI run failed that way). A test that restarts pcscd holds the lease exclusively until
/// pcscd serves its readers again; any other test that talks to pcscd holds it shared.
/// </summary>
/// <remarks>
/// The lock is the file lock the runtime takes for <see cref="FileShare"/> (flock on Linux:
/// <see cref="FileShare.None"/> exclusive, otherwise shared), so it needs no native code and dies
/// with its process: a crashed test run leaves nothing to clean up.
/// </remarks>
internal sealed class PcscdLease : IDisposable
{
    /// <summary>How long a test waits for the lease: longer than any holder (a pcscd restart, the load test).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "casd-card-tests.pcscd.lock");

    private readonly FileStream _lock;

    private PcscdLease(FileStream held) => _lock = held;

    /// <summary>Waits until no test is restarting pcscd, and keeps it from starting a restart until disposed.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lease.</returns>
    public static Task<PcscdLease> SharedAsync(CancellationToken cancellationToken) => AcquireAsync(exclusive: false, cancellationToken);

    /// <summary>Waits until no other test talks to pcscd, and keeps them waiting until disposed.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lease.</returns>
    public static Task<PcscdLease> ExclusiveAsync(CancellationToken cancellationToken) => AcquireAsync(exclusive: true, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    private static async Task<PcscdLease> AcquireAsync(bool exclusive, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new PcscdLease(new FileStream(
                    LockPath,
                    FileMode.OpenOrCreate,
                    exclusive ? FileAccess.ReadWrite : FileAccess.Read,
                    exclusive ? FileShare.None : FileShare.ReadWrite));
            }
            catch (IOException) when (waited.Elapsed < Patience)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"another test held the pcscd lease ({LockPath}) for more than {Patience.TotalMinutes} minutes.", ex);
            }
        }
    }
}
