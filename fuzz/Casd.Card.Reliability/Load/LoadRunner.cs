using System.Diagnostics;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Pcsc;
using Casd.Card.RemoteAccess;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;
using Casd.Card.Simulator.Vpcd;
using Casd.Card.Transport;

namespace Casd.Card.Reliability.Load;

/// <summary>
/// Many readers through a real pcscd: N enrolled simulated cards, each behind its own vpcd reader,
/// and from this one process one connection per reader driving full logins (SCP11b, VERIFY,
/// signature) checked by one LoginAssertionVerifier. Each answer must come from its own card (the
/// serial in the statement) and each card's signature counter must rise by exactly its own logins.
/// </summary>
internal sealed class LoadRunner : IAsyncDisposable
{
    private const string Audience = "https://load.casd.test";
    private const string Project = "P-LOAD";
    private readonly ReliabilityCentre _centre = new(Audience, Project);
    private readonly List<LoadCard> _cards = [];

    /// <summary>Gets the counted PC/SC calls every connection of the run goes through.</summary>
    public CountingPcscApi Api { get; } = new(PcscPlatform.Api);

    private PcscReaderProvider Provider => new(Api, null);

    /// <summary>Enrols one card per reader in-process, then puts each behind its vpcd reader and waits until pcscd sees them all.</summary>
    public async Task StartAsync(IReadOnlyList<LoadReader> readers, CancellationToken cancellationToken)
    {
        foreach (var reader in readers)
        {
            var finger = _cards.Count + 1;
            var (card, serial) = await IssuedCardAsync(finger, cancellationToken);
            var client = new VpcdClient(card, new VpcdClientOptions { Port = reader.Port });
            client.Start();
            _cards.Add(new LoadCard(reader, serial, finger, client));
        }

        foreach (var card in _cards)
        {
            await WaitForCardAsync(card.Reader.Name, TimeSpan.FromSeconds(30), cancellationToken);
        }

        // One login per reader first: the first PC/SC call of a process opens descriptors it keeps
        // (the client library's, the runtime's), which are no leak of a phase.
        var warmUp = Begin(_cards.Count);
        await Task.WhenAll(_cards.Select(card => ReaderLoopAsync(card, warmUp, 1, strict: true, null, cancellationToken)));
        if (warmUp.Violations.Count > 0)
        {
            throw new InvalidOperationException("The warm-up logins failed: " + string.Join("; ", warmUp.Violations));
        }
    }

    /// <summary>Runs <paramref name="loginsPerReader"/> logins on each of the first <paramref name="readers"/> readers at once.</summary>
    public async Task<LoadReport> RunAsync(int readers, int loginsPerReader, CancellationToken cancellationToken)
    {
        var report = Begin(readers);
        var watch = Stopwatch.StartNew();
        var logins = await Task.WhenAll(_cards.Take(readers).Select(card => Task.Run(() => ReaderLoopAsync(card, report, loginsPerReader, strict: true, null, cancellationToken), cancellationToken)));
        report.Elapsed = watch.Elapsed;
        report.Logins = logins.Sum(l => l.Total);
        return await EndAsync(report);
    }

    /// <summary>
    /// Logins on every reader while pcscd is stopped and started again in the middle: every flow must
    /// fail with a typed exception and then recover, with no file descriptor or PC/SC handle left over.
    /// </summary>
    public async Task<LoadReport> RunWithRestartAsync(int readers, Func<Task> stopPcscd, Func<Task> startPcscd, CancellationToken cancellationToken)
    {
        var report = Begin(readers);
        report.RestartedPcscd = true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var restarted = new TaskCompletionSource();
        var watch = Stopwatch.StartNew();
        var loops = _cards.Take(readers).Select(card => Task.Run(() => ReaderLoopAsync(card, report, int.MaxValue, strict: false, restarted.Task, stop.Token), CancellationToken.None)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await stopPcscd();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await startPcscd();
        restarted.SetResult();

        // Recovered: every reader has logged in again since the restart (or the time is up).
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && _cards.Take(readers).Any(c => !c.RecoveredFlag))
        {
            await Task.Delay(100, cancellationToken);
        }

        await stop.CancelAsync();
        var logins = await Task.WhenAll(loops);
        report.Elapsed = watch.Elapsed;
        report.Logins = logins.Sum(l => l.Total);
        report.RecoveredReaders = logins.Count(l => l.AfterRestart > 0);
        return await EndAsync(report);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var card in _cards)
        {
            await card.Client.DisposeAsync();
        }

        _centre.Dispose();
    }

    /// <summary>
    /// Open descriptors other than the assemblies, symbols and native libraries the runtime maps on
    /// first use (a restart phase loads System.Diagnostics.Process, stack-trace support and so on,
    /// and keeps them): sockets, pipes, event polls, files.
    /// </summary>
    private static int OpenFileDescriptors() => FileDescriptorKinds().Where(k => !IsLibrary(k.Key)).Sum(k => k.Value);

    private static bool IsLibrary(string target) =>
        target.EndsWith(".dll", StringComparison.Ordinal) || target.EndsWith(".pdb", StringComparison.Ordinal) || target.EndsWith(".so", StringComparison.Ordinal) || target.Contains(".so.", StringComparison.Ordinal);

    /// <summary>What the open descriptors are (socket, pipe, anon_inode:[eventpoll], a file), counted by kind: tells a leak's source.</summary>
    internal static Dictionary<string, int> FileDescriptorKinds() =>
        !OperatingSystem.IsLinux() ? [] : Directory.GetFiles("/proc/self/fd")
            .Select(fd => { try { return new FileInfo(fd).LinkTarget ?? "?"; } catch (IOException) { return "gone"; } })
            .Select(target => target.Contains(':', StringComparison.Ordinal) ? target[..target.IndexOf(':', StringComparison.Ordinal)] : target)
            .GroupBy(kind => kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private LoadReport Begin(int readers)
    {
        foreach (var card in _cards)
        {
            card.LastCounter = null;
            card.RecoveredFlag = false;
        }

        Settle();
        return new LoadReport
        {
            Readers = readers,
            FileDescriptorsBefore = OpenFileDescriptors(),
            FileDescriptorKindsBefore = FileDescriptorKinds(),
            ContextsOpenBefore = Api.OpenContexts,
            CardsOpenBefore = Api.OpenCards,
        };
    }

    private async Task<LoadReport> EndAsync(LoadReport report)
    {
        // The vpcd clients reconnect on their own after a restart: wait for every card to be back.
        foreach (var card in _cards)
        {
            await WaitForCardAsync(card.Reader.Name, TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        Settle();
        report.FileDescriptorsAfter = OpenFileDescriptors();
        report.FileDescriptorKindsAfter = FileDescriptorKinds();
        report.ContextsOpenAfter = Api.OpenContexts;
        report.CardsOpenAfter = Api.OpenCards;
        return report;
    }

    // Sockets and handles dropped but not yet finalised would count as leaks that are not.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private async Task<(int Total, int AfterRestart)> ReaderLoopAsync(LoadCard card, LoadReport report, int logins, bool strict, Task? restarted, CancellationToken cancellationToken)
    {
        var probe = SyntheticRecords.Record(card.Finger, impression: 2);
        var options = Options();
        CasdCard? casd = null;
        int total = 0, afterRestart = 0;
        try
        {
            while (total < logins && !cancellationToken.IsCancellationRequested)
            {
                var sinceRestart = restarted?.IsCompleted == true;
                try
                {
                    casd ??= await CasdCard.OpenAsync(Provider, card.Reader.Name, options, cancellationToken);
                    var challenge = await _centre.Verifier.IssueChallengeAsync(cancellationToken);
                    var result = await _centre.Client.LoginAsync(casd, probe, Audience, challenge, cancellationToken);
                    if (!result.IsAuthenticated)
                    {
                        Violation(report, $"{card.Reader.Name}: login refused: {result.Outcome} {result.Reason}");
                        continue;
                    }

                    var verdict = await _centre.Verifier.VerifyAsync(result.Assertion!, cancellationToken);
                    Check(card, report, verdict, strict);
                    total++;
                    if (sinceRestart)
                    {
                        afterRestart++;
                        card.RecoveredFlag = true;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (CardException exception)
                {
                    if (strict)
                    {
                        Violation(report, $"{card.Reader.Name}: {exception.GetType().Name} without a fault: {exception.Message}");
                    }

                    lock (report)
                    {
                        report.TypedFailures[exception.GetType().Name] = report.TypedFailures.GetValueOrDefault(exception.GetType().Name) + 1;
                    }

                    await DisposeAsync(casd, report);
                    casd = null;
                    await Task.Delay(50, CancellationToken.None);
                }
                catch (Exception exception)
                {
                    Violation(report, $"{card.Reader.Name}: untyped {exception.GetType().Name}: {exception.Message}");
                    break;
                }
            }
        }
        finally
        {
            await DisposeAsync(casd, report);
        }

        return (total, afterRestart);
    }

    // Disposing resets the card when a channel was opened; with pcscd gone that reset fails, typed,
    // after the handles were released (CasdCard.DisposeAsync releases in a finally): counted, not fatal.
    private static async Task DisposeAsync(CasdCard? casd, LoadReport report)
    {
        if (casd is null)
        {
            return;
        }

        try
        {
            await casd.DisposeAsync();
        }
        catch (CardException exception)
        {
            lock (report)
            {
                var key = exception.GetType().Name + " (on dispose)";
                report.TypedFailures[key] = report.TypedFailures.GetValueOrDefault(key) + 1;
            }
        }
    }

    private static void Check(LoadCard card, LoadReport report, LoginVerificationResult verdict, bool strict)
    {
        if (!verdict.IsValid)
        {
            Violation(report, $"{card.Reader.Name}: the verifier refused: {verdict.Message}");
            return;
        }

        var statement = verdict.Statement!;
        if (statement.CardSerial != card.Serial)
        {
            Violation(report, $"{card.Reader.Name}: cross-talk, the answer came from card {statement.CardSerial}, not {card.Serial}");
        }

        // Without faults a card's counter rises by exactly its own logins; across a pcscd restart a
        // signature whose answer was lost may skip a value, so it must only rise.
        if (card.LastCounter is { } last && (strict ? statement.SignatureCounter != last + 1 : statement.SignatureCounter <= last))
        {
            Violation(report, $"{card.Reader.Name}: signature counter {statement.SignatureCounter} after {last}");
        }

        card.LastCounter = statement.SignatureCounter;
    }

    private static void Violation(LoadReport report, string text)
    {
        lock (report)
        {
            report.Violations.Add(text);
        }
    }

    private CasdCardOptions Options() => _centre.CardOptions() with { Capabilities = CardCapabilities.Extended };

    private async Task WaitForCardAsync(string reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        string? last = null;
        while (true)
        {
            try
            {
                var readers = await Provider.ListReadersAsync(cancellationToken);
                if (readers.Any(r => r.Name == reader && r.IsCardPresent))
                {
                    return;
                }

                last = $"{readers.Count} readers listed";
            }
            catch (CardException exception) when (watch.Elapsed < timeout)
            {
                // pcscd is (re)starting
                last = exception.Message;
            }

            if (watch.Elapsed >= timeout)
            {
                throw new TimeoutException($"pcscd did not report a card in '{reader}' within {timeout.TotalSeconds} s ({last}); are the load readers declared (.ci/vpcd-readers.sh) and pcscd restarted?");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task<(SimulatedCard Card, string Serial)> IssuedCardAsync(int finger, CancellationToken cancellationToken)
    {
        var serial = $"C4AD{finger:X12}";
        var card = _centre.NewCard(Convert.FromHexString(serial));
        var reader = new SimulatedCardReader();
        reader.Insert(card);
        await using (var casd = await CasdCard.OpenAsync(await reader.ConnectAsync(cancellationToken), leaveOpen: false, _centre.CardOptions(), cancellationToken))
        {
            var request = new EnrolmentRequest(new HolderIdentity($"R-{finger}", "Load", "Holder"), new ProjectInfo(Project, "Load"), EnrolmentKind.Standard, null, "2.1", [SyntheticRecords.Record(finger)], SyntheticRecords.Record(finger, impression: 3));
            var result = await _centre.Desk.EnrolAsync(casd, request, null, cancellationToken);
            if (!result.IsIssued)
            {
                throw new InvalidOperationException($"Card {serial} was not issued: {result.Message}");
            }
        }

        reader.Remove();
        return (card, serial);
    }
}
