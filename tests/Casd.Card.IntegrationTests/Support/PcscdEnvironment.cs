using System.Diagnostics;
using Casd.Card.Pcsc;
using Casd.Card.Testing;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests.Support;

/// <summary>
/// The real PC/SC stack on this machine: pcscd with the vsmartcard vpcd driver (readers
/// 'Virtual PCD 00 00' on TCP 35963 and 'Virtual PCD 00 01' on 35964) and vsmartcard's vicc.
/// Where something is missing, tests skip with the reason, except under CI=true, where they fail:
/// CI installs and starts all of it (.ci/run).
/// </summary>
public sealed class PcscdEnvironment : IAsyncLifetime
{
    public const string ViccReader = "Virtual PCD 00 00";
    public const string SimulatorReader = "Virtual PCD 00 01";
    public const int ViccPort = 35963;
    public const int SimulatorPort = 35964;
    private const string Socket = "/run/pcscd/pcscd.comm";
    private bool _stoppedByUs;
    private PcscdLease? _restartLease;

    /// <summary>Gets why the stack cannot be used, or <see langword="null"/> when it can.</summary>
    public string? MissingReason { get; private set; }

    /// <summary>Gets why pcscd may not be stopped and restarted by the tests, or <see langword="null"/> when it may.</summary>
    public string? RestartReason { get; private set; }

    public PcscReaderProvider Provider { get; } = new();

    public static string RepositoryRoot => TestRequirements.RepositoryRoot;

    public async ValueTask InitializeAsync()
    {
        MissingReason = await ProbeAsync();
        if (MissingReason is not null)
        {
            RestartReason = MissingReason;
        }
        else if ((await RunScriptAsync("status", TestContext.Current.CancellationToken)).ExitCode != 0)
        {
            RestartReason = "pcscd was not started by .ci/pcscd.sh from this checkout, so the tests will not stop it (stop the other pcscd, then run 'bash .ci/pcscd.sh start')";
        }
    }

    /// <summary>Skips the test (or fails it under CI=true) unless pcscd, vpcd and vicc are there.</summary>
    public void Require() => SkipOrFail(MissingReason);

    /// <summary>Like <see cref="Require"/>, and also needs a pcscd this checkout may stop and start.</summary>
    public void RequireRestartable()
    {
        Require();
        SkipOrFail(RestartReason);
    }

    /// <summary>Stops pcscd, first taking the pcscd lease exclusively so no other test assembly is talking to it.</summary>
    public async Task StopPcscdAsync(CancellationToken cancellationToken)
    {
        _restartLease ??= await PcscdLease.ExclusiveAsync(cancellationToken);
        _stoppedByUs = true;
        var (exit, output) = await RunScriptAsync("stop", cancellationToken);
        Assert.True(exit == 0, "bash .ci/pcscd.sh stop failed: " + output);
    }

    /// <summary>Starts pcscd again and, once it serves the vpcd readers, releases the lease the stop took.</summary>
    public async Task StartPcscdAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (exit, output) = await RunScriptAsync("start", cancellationToken);
            Assert.True(exit == 0, "bash .ci/pcscd.sh start failed: " + output);
            _stoppedByUs = false;
            await WaitForReaderAsync(ViccReader, _ => true, "itself (pcscd restarted)", TimeSpan.FromSeconds(15), cancellationToken);
        }
        finally
        {
            ReleaseRestartLease();
        }
    }

    /// <summary>Waits until the reader reports a card (or no card); pcscd polls vpcd about every 400 ms.</summary>
    public Task<CardReaderInfo> WaitForCardAsync(string reader, bool present, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        WaitForReaderAsync(reader, r => r.IsCardPresent == present, present ? "a card" : "no card", timeout ?? TimeSpan.FromSeconds(15), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_stoppedByUs)
        {
            // a test that stopped pcscd failed before restarting it: leave the machine as we found it
            await RunScriptAsync("start", CancellationToken.None);
        }

        ReleaseRestartLease();
    }

    private void ReleaseRestartLease()
    {
        _restartLease?.Dispose();
        _restartLease = null;
    }

    /// <summary>Polls pcscd's reader list until the reader is listed in the wanted state; a pcscd still (re)starting is waited for.</summary>
    private async Task<CardReaderInfo> WaitForReaderAsync(string reader, Func<CardReaderInfo, bool> wanted, string expectation, TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        CardReaderInfo? last = null;
        while (waited.Elapsed < limit)
        {
            try
            {
                last = (await Provider.ListReadersAsync(cancellationToken)).FirstOrDefault(r => r.Name == reader);
                if (last is not null && wanted(last))
                {
                    return last;
                }
            }
            catch (CardServiceUnavailableException)
            {
                // pcscd is (re)starting
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"'{reader}' did not report {expectation} within {limit.TotalSeconds} s (last seen: {last?.ToString() ?? "no such reader"}).");
    }

    /// <summary>Skips the test (or fails it under CI=true) with the reason, when there is one.</summary>
    public static void SkipOrFail(string? reason) => TestRequirements.SkipOrFail(reason is null ? null : "the PC/SC stack is not ready: " + reason);

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string verb, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot, ".ci", "pcscd.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(verb);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private async Task<string?> ProbeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the PC/SC integration tests run on Linux with pcscd and vsmartcard";
        }

        if (!File.Exists("/usr/sbin/pcscd"))
        {
            return "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome)";
        }

        if (ViccCard.Executable is null)
        {
            return "vicc is not installed (apt-get install vsmartcard-vpicc python3-pycryptodome)";
        }

        if (!File.Exists(Socket))
        {
            return $"pcscd is not running ({Socket} is missing); start it with 'bash .ci/pcscd.sh start'";
        }

        try
        {
            var readers = await Provider.ListReadersAsync(TestContext.Current.CancellationToken);
            if (!readers.Any(r => r.Name == ViccReader) || !readers.Any(r => r.Name == SimulatorReader))
            {
                return $"pcscd runs but the vpcd readers '{ViccReader}' and '{SimulatorReader}' are missing (apt-get install vsmartcard-vpcd, then restart pcscd)";
            }
        }
        catch (CardException ex)
        {
            return "pcscd does not answer: " + ex.Message;
        }

        return null;
    }
}
