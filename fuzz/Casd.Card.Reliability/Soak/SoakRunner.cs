using System.Diagnostics;
using System.Globalization;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Reliability.Soak;

/// <summary>
/// Logins and enrolments on in-process simulated cards, a share of them under a random fault from
/// FaultPlan (latency, link drop, corrupted byte, removal mid-command, tearing); after each fault the
/// card is power-cycled and play goes on. After every operation the card is inspected: it must be
/// blank, interrupted-and-resumable, or issued-and-logging-in; a retry counter may rise only by a
/// match or a desk reset; a signature counter only rises (docs/reliability.md).
/// </summary>
internal sealed class SoakRunner : IDisposable
{
    private const string Audience = "https://soak.casd.test";
    private const string Project = "P-SOAK";
    private const int LoginApdus = 8;
    private const int EnrolmentApdus = 16;

    private readonly SoakOptions _options;
    private readonly Random _random;
    private readonly ReliabilityCentre _centre = new(Audience, Project);
    private readonly SoakReport _report = new();
    private readonly SoakCard[] _cards;
    private int _nextFinger = 1;

    public SoakRunner(SoakOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _cards = [.. Enumerable.Range(0, options.Cards).Select(_ => NewCard())];
    }

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        (_report.GcHeapStart, _report.WorkingSetStart) = Memory();
        for (var i = 0; i < _options.Iterations; i++)
        {
            // Time moves on (a second an operation: 100,000 fit well inside the CRL's week), so the
            // verifier's store forgets expired challenges as a server's would; frozen, it keeps them all.
            _centre.Clock.Advance(TimeSpan.FromSeconds(1));
            await IterateAsync(cancellationToken);
            _report.Iterations++;
            if (_report.Iterations == Math.Max(1, _options.Iterations / 100))
            {
                // After the first 1 %: code jitted, caches and the verifier's challenge window filled.
                (_report.GcHeapWarm, _report.WorkingSetWarm) = Memory();
            }

            if (_options.Progress is { } progress && (i + 1) % 1000 == 0)
            {
                var (heap, workingSet) = Memory(collect: false);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{i + 1} iterations, {watch.Elapsed.TotalSeconds:F0} s, heap {heap / 1024} KB, working set {workingSet / (1024 * 1024)} MB, violations {(_report.Passed ? 0 : 1)}"));
            }
        }

        // The end state of every card, once more without faults.
        foreach (var card in _cards)
        {
            await InspectAsync(card, "at the end", cancellationToken);
        }

        (_report.GcHeapEnd, _report.WorkingSetEnd) = Memory();
        _report.Duration = watch.Elapsed;
        return _report;
    }

    public void Dispose() => _centre.Dispose();

    private static (long Heap, long WorkingSet) Memory(bool collect = true)
    {
        if (collect)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        return (GC.GetTotalMemory(false), Environment.WorkingSet);
    }

    private async Task IterateAsync(CancellationToken cancellationToken)
    {
        var slot = _random.Next(_cards.Length);
        var card = _cards[slot];
        var before = await InspectAsync(card, "before an operation", cancellationToken);
        if (before is null)
        {
            // Reported inconsistent already; a fresh card takes its place so play goes on.
            _cards[slot] = NewCard();
            return;
        }

        var fault = _random.NextDouble() < _options.FaultRate ? (FaultKind)_random.Next(1, 6) : FaultKind.None;
        _report.Faults[fault]++;
        var (inspection, retries) = before.Value;
        var reset = inspection.IsIssued && retries == 0;
        card.Reader.Faults = Plan(fault, inspection.IsIssued ? LoginApdus : EnrolmentApdus);
        var impostor = false;
        try
        {
            if (reset)
            {
                await DeskResetAsync(card, cancellationToken);
            }
            else if (inspection.IsIssued)
            {
                // Once a wrong finger was tried, the next try is often wrong too (a stolen card):
                // so cards get blocked, and the desk's reset is part of the soak.
                impostor = _random.NextDouble() < (retries < CasdCardInterface.MaxRetries ? 0.5 : _options.ImpostorRate);
                await LoginAsync(card, impostor, fault, cancellationToken);
            }
            else
            {
                await EnrolAsync(card, fault, cancellationToken);
            }
        }
        catch (CardException exception)
        {
            _report.TypedFailures[exception.GetType().Name] = _report.TypedFailures.GetValueOrDefault(exception.GetType().Name) + 1;
            if (fault == FaultKind.None)
            {
                _report.UntypedFailures.Add($"card {card.Card.Serial}: without any fault, {exception.GetType().Name}: {exception.Message}");
            }
        }
        catch (Exception exception)
        {
            _report.UntypedFailures.Add($"card {card.Card.Serial} under {fault}: {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            card.Reader.Faults = null;
        }

        if (fault != FaultKind.None)
        {
            card.Reinsert();
        }

        var after = await InspectAsync(card, $"after {(inspection.IsIssued ? "a login" : "an enrolment")} under {fault}", cancellationToken);
        if (after is { } a && inspection.IsIssued && a.Inspection.IsIssued)
        {
            if (reset)
            {
                // The desk's reset either happened or, cut short by the fault, did not.
                if (a.Retries is not (0 or CasdCardInterface.MaxRetries))
                {
                    _report.RetryViolations.Add($"card {card.Card.Serial}: retries 0 -> {a.Retries} after a desk reset under {fault}");
                }
            }
            else
            {
                CheckRetries(card, retries, a.Retries, impostor, fault);
            }
        }

        if (inspection.IsIssued && !reset && after is { Inspection.IsIssued: true } && _random.NextDouble() < _options.NewCardRate)
        {
            _cards[slot] = NewCard();
        }
    }

    private void CheckRetries(SoakCard card, int before, int after, bool impostor, FaultKind fault)
    {
        // A try is paid before the comparison; only a match (a genuine finger) restores the count.
        var allowed = impostor ? new[] { before, Math.Max(before - 1, 0) } : [before, Math.Max(before - 1, 0), CasdCardInterface.MaxRetries];
        if (!allowed.Contains(after))
        {
            _report.RetryViolations.Add($"card {card.Card.Serial}: retries {before} -> {after} after a {(impostor ? "impostor" : "genuine")} login under {fault}");
        }
    }

    private async Task LoginAsync(SoakCard card, bool impostor, FaultKind fault, CancellationToken cancellationToken)
    {
        _report.Logins++;
        var challenge = await _centre.Verifier.IssueChallengeAsync(cancellationToken);
        var probe = SyntheticRecords.Record(impostor ? card.Finger + 500_000 : card.Finger, impression: 2 + (_report.Logins % 5));
        RemoteAccessResult result;
        await using (var casd = await OpenAsync(card, cancellationToken))
        {
            result = await _centre.Client.LoginAsync(casd, probe, Audience, challenge, cancellationToken);
        }

        if (!result.IsAuthenticated)
        {
            if (fault == FaultKind.None && !impostor)
            {
                _report.InconsistentCards.Add($"card {card.Card.Serial}: issued, genuine finger, no fault, and no login: {result.Outcome} {result.Reason}");
            }

            return;
        }

        if (impostor)
        {
            _report.UntypedFailures.Add($"card {card.Card.Serial}: an impostor logged in");
        }

        var verdict = await _centre.Verifier.VerifyAsync(result.Assertion!, cancellationToken);
        if (!verdict.IsValid)
        {
            _report.UntypedFailures.Add($"card {card.Card.Serial}: the verifier refused a login the card signed under {fault}: {verdict.Message}");
            return;
        }

        _report.LoginsAccepted++;
        var counter = verdict.Statement!.SignatureCounter;
        if (counter <= card.LastCounter)
        {
            _report.CounterViolations.Add($"card {card.Card.Serial}: signature counter {counter} after {card.LastCounter}");
        }

        card.LastCounter = counter;
    }

    private async Task EnrolAsync(SoakCard card, FaultKind fault, CancellationToken cancellationToken)
    {
        _report.Enrolments++;
        var request = new EnrolmentRequest(
            new HolderIdentity("R-SOAK", "Soak", "Holder"),
            new ProjectInfo(Project, "Soak"),
            EnrolmentKind.Standard,
            null,
            "2.1",
            [SyntheticRecords.Record(card.Finger)],
            SyntheticRecords.Record(card.Finger, impression: 2));
        EnrolmentResult result;
        await using (var casd = await OpenAsync(card, cancellationToken))
        {
            result = await _centre.Desk.EnrolAsync(casd, request, null, cancellationToken);
        }

        if (result.IsIssued)
        {
            _report.EnrolmentsIssued++;
        }
        else if (fault == FaultKind.None)
        {
            _report.InconsistentCards.Add($"card {card.Card.Serial}: an enrolment without fault was not issued: {result.Outcome} {result.Message}");
        }
    }

    private async Task DeskResetAsync(SoakCard card, CancellationToken cancellationToken)
    {
        _report.DeskResets++;
        await using var casd = await OpenAsync(card, cancellationToken);
        await casd.OpenChannelAsync(CardChannelPurpose.Personalisation, cancellationToken);
        await casd.ResetRetryCounterAsync(FingerReference.Primary, cancellationToken);
    }

    /// <summary>Inspects the card without faults: its state and the holder finger's retries, or null (and a report) when it is in no valid state.</summary>
    private async Task<(EnrolmentInspection Inspection, int Retries)?> InspectAsync(SoakCard card, string when, CancellationToken cancellationToken)
    {
        try
        {
            await using var casd = await OpenAsync(card, cancellationToken);
            var inspection = await _centre.Desk.InspectAsync(casd, cancellationToken);
            if (!(inspection.IsBlank || inspection.IsInterrupted || inspection.IsIssued))
            {
                _report.InconsistentCards.Add($"card {card.Card.Serial} {when}: {inspection.Lifecycle}, neither blank, interrupted nor issued");
                return null;
            }

            var status = await casd.GetBiometricStatusAsync(cancellationToken);
            var primary = status.Fingers.FirstOrDefault(f => f.Reference == FingerReference.Primary);
            return (inspection, primary is { IsEnrolled: true } ? primary.RetriesLeft : CasdCardInterface.MaxRetries);
        }
        catch (Exception exception)
        {
            _report.InconsistentCards.Add($"card {card.Card.Serial} {when}: cannot be inspected: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    private async Task<CasdCard> OpenAsync(SoakCard card, CancellationToken cancellationToken) =>
        await CasdCard.OpenAsync(await card.Reader.ConnectAsync(cancellationToken), leaveOpen: false, _centre.CardOptions(), cancellationToken);

    private FaultPlan? Plan(FaultKind fault, int apdus)
    {
        var at = _random.Next(1, apdus + 1);
        return fault switch
        {
            FaultKind.None => null,
            FaultKind.Latency => new FaultPlan { Latency = TimeSpan.FromMilliseconds(1) },
            FaultKind.LinkDrop => new FaultPlan { DropLinkAfter = at - 1 },
            FaultKind.CorruptedByte => new FaultPlan { CorruptResponseAt = at, CorruptOffset = _random.Next(-2, 8), CorruptMask = (byte)_random.Next(1, 256) },
            FaultKind.Removal => new FaultPlan { RemoveCardAt = at },
            FaultKind.Tearing => new FaultPlan { RemoveCardAt = at, RemoveAfterNvmWrites = _random.Next(1, 4) },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
    }

    private SoakCard NewCard()
    {
        var serial = new byte[8];
        _random.NextBytes(serial);
        return new SoakCard(_centre.NewCard(serial), _nextFinger++);
    }
}
