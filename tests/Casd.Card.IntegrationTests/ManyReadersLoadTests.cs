using Casd.Card.IntegrationTests.Support;
using Casd.Card.Reliability.Load;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

/// <summary>
/// Many readers under load through the real pcscd, at CI scale (docs/reliability.md has the 1 to 16
/// reader figures, made by hand with <c>casd-reliability load</c>): four simulated cards behind their
/// own vpcd readers (declared by .ci/vpcd-readers.sh), concurrent full logins from this one process,
/// each answer from its own card, each card's counter rising by exactly its own logins; then pcscd
/// is restarted in the middle: every flow fails typed and recovers, with no descriptor or PC/SC
/// handle left over.
/// </summary>
[Collection(PcscdTestGroup.Name)]
public sealed class ManyReadersLoadTests(PcscdEnvironment environment)
{
    private const int Readers = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Four_readers_log_in_at_once_without_cross_talk_and_recover_from_a_pcscd_restart_without_leaks()
    {
        environment.RequireRestartable();
        await RequireLoadReadersAsync();
        await using var runner = new LoadRunner();
        await runner.StartAsync(LoadReader.First(Readers), Ct);

        var steady = await runner.RunAsync(Readers, loginsPerReader: 60, Ct);
        Assert.True(steady.Passed, steady.ToString());
        Assert.Equal(Readers * 60, steady.Logins);

        var restart = await runner.RunWithRestartAsync(Readers, () => environment.StopPcscdAsync(Ct), () => environment.StartPcscdAsync(Ct), Ct);
        Assert.True(restart.Passed, restart.ToString());
        Assert.Equal(Readers, restart.RecoveredReaders);
        Assert.Contains(restart.TypedFailures.Keys, k => k.StartsWith(nameof(CardServiceUnavailableException), StringComparison.Ordinal));
    }

    private async Task RequireLoadReadersAsync()
    {
        var names = (await environment.Provider.ListReadersAsync(Ct)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var missing = LoadReader.First(Readers).Where(r => !names.Contains(r.Name)).Select(r => r.Name).ToList();
        PcscdEnvironment.SkipOrFail(missing.Count == 0
            ? null
            : $"pcscd has no load readers ({string.Join(", ", missing)}): run 'bash .ci/vpcd-readers.sh' as root, then restart pcscd");
    }
}
