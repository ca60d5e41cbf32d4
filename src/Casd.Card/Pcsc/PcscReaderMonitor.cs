using System.Runtime.CompilerServices;
using Casd.Card.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Casd.Card.Pcsc;

/// <summary>
/// Reader and card events from PC/SC: SCardGetStatusChange on every reader plus the
/// <c>\\?PnP?\Notification</c> pseudo-reader, so the monitor sleeps in the service until something
/// happens. Where the platform does not report reader changes it polls the reader list instead.
/// When the service stops or restarts, the monitor reports every reader removed, then
/// re-establishes its context with exponential backoff; it never spins on a failing call.
/// </summary>
public sealed class PcscReaderMonitor : ICardReaderMonitor
{
    private const uint Infinite = uint.MaxValue;
    private const uint ChangedMask = ~(uint)PcscReaderStateFlags.Changed;

    // PCSCLITE_MAX_READERS_CONTEXTS: pcsc-lite serves 16 readers and answers a wait on more states
    // than that with SCARD_E_INVALID_PARAMETER.
    private const int MaxStatesPerWait = 16;

    private readonly IPcscApi _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a monitor over the PC/SC library of this platform.</summary>
    /// <param name="timeProvider">The clock for backoff and polling; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Where the monitor logs; none when <see langword="null"/>.</param>
    public PcscReaderMonitor(TimeProvider? timeProvider = null, ILogger<PcscReaderMonitor>? logger = null)
        : this(PcscPlatform.Api, timeProvider, logger)
    {
    }

    internal PcscReaderMonitor(IPcscApi api, TimeProvider? timeProvider, ILogger? logger)
    {
        _api = api;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the interval of reader-list polling where PnP notification is not supported (default 1 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the first delay before retrying after a failure (default 250 ms); it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets the longest delay between retries (default 5 s).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    /// <remarks>The stream ends (without an exception) when <paramref name="cancellationToken"/> is cancelled.</remarks>
    public async IAsyncEnumerable<ReaderEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var known = new Dictionary<string, PcscReaderState>(StringComparer.Ordinal);
        var delay = InitialRetryDelay;
        var pnp = new PcscReaderState(PcscReaderState.PnpNotification, 0);
        var pnpSupported = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var rc = PcscContextHandle.TryEstablish(_api, out var context);
            if (rc != 0 || context is null)
            {
                PcscLog.MonitorRetry(_logger, "SCardEstablishContext", rc, delay.TotalMilliseconds);
                if (!await SleepAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                delay = Next(delay);
                continue;
            }

            using (context)
            {
                pnp.CurrentState = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    rc = _api.ListReaders(context.DangerousGetHandle(), out var names);
                    if (rc == 0)
                    {
                        foreach (var change in Reconcile(known, names))
                        {
                            yield return change;
                        }

                        // pcsc-lite refuses a wait on more states than it has reader slots, and the
                        // PnP pseudo-reader counts: with every slot taken by a reader, wait on the
                        // readers alone and poll the list (found by the 16-reader load run).
                        var withPnp = pnpSupported && known.Count < MaxStatesPerWait;
                        var states = withPnp ? [.. known.Values, pnp] : known.Values.ToArray();
                        if (states.Length == 0)
                        {
                            // no reader and no PnP: only polling can notice a reader
                            if (!await SleepAsync(PollInterval, cancellationToken).ConfigureAwait(false))
                            {
                                yield break;
                            }

                            continue;
                        }

                        rc = await WaitAsync(context, withPnp ? Infinite : (uint)PollInterval.TotalMilliseconds, states, cancellationToken).ConfigureAwait(false);
                        if (cancellationToken.IsCancellationRequested)
                        {
                            yield break;
                        }

                        if (rc == 0)
                        {
                            delay = InitialRetryDelay;
                            if (withPnp && (pnp.EventState & (uint)PcscReaderStateFlags.Unknown) != 0)
                            {
                                pnpSupported = false;
                                PcscLog.PollingFallback(_logger, PollInterval.TotalMilliseconds);
                            }

                            if (withPnp)
                            {
                                pnp.CurrentState = pnp.EventState & ChangedMask;
                            }

                            foreach (var state in known.Values)
                            {
                                foreach (var change in Transition(state))
                                {
                                    yield return change;
                                }
                            }

                            continue;
                        }

                        if (rc is (uint)PcscErrorCode.Timeout or (uint)PcscErrorCode.UnknownReader or (uint)PcscErrorCode.ReaderUnavailable)
                        {
                            continue; // poll tick, or a reader went between listing and waiting: list again
                        }
                    }

                    if (PcscErrors.IsServiceLost(rc))
                    {
                        PcscLog.ServiceLost(_logger, rc);
                        break;
                    }

                    PcscLog.MonitorRetry(_logger, rc == 0 ? "SCardGetStatusChange" : "SCardListReaders", rc, delay.TotalMilliseconds);
                    if (!await SleepAsync(delay, cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }

                    delay = Next(delay);
                }
            }

            // the service is gone: so are its readers
            foreach (var change in Reconcile(known, []))
            {
                yield return change;
            }

            if (!await SleepAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            delay = Next(delay);
        }
    }

    private static List<ReaderEvent> Transition(PcscReaderState state)
    {
        var now = state.EventState;
        if ((now & (uint)PcscReaderStateFlags.Changed) == 0)
        {
            return [];
        }

        var before = state.CurrentState;
        state.CurrentState = now & ChangedMask;
        var wasPresent = PcscReaderState.IsPresent(before);
        var isPresent = PcscReaderState.IsPresent(now);
        var swapped = wasPresent && isPresent && before != 0 && (before >> 16) != (now >> 16);
        var events = new List<ReaderEvent>(2);
        if ((wasPresent && !isPresent) || swapped)
        {
            events.Add(new ReaderEvent(ReaderEventKind.CardRemoved, state.ReaderName, ReadOnlyMemory<byte>.Empty));
        }

        if ((!wasPresent && isPresent) || swapped)
        {
            events.Add(new ReaderEvent(ReaderEventKind.CardInserted, state.ReaderName, state.Atr));
        }

        return events;
    }

    private static List<ReaderEvent> Reconcile(Dictionary<string, PcscReaderState> known, IReadOnlyList<string> names)
    {
        var events = new List<ReaderEvent>();
        foreach (var gone in known.Keys.Where(k => !names.Contains(k, StringComparer.Ordinal)).ToArray())
        {
            if (PcscReaderState.IsPresent(known[gone].CurrentState))
            {
                events.Add(new ReaderEvent(ReaderEventKind.CardRemoved, gone, ReadOnlyMemory<byte>.Empty));
            }

            events.Add(new ReaderEvent(ReaderEventKind.ReaderRemoved, gone, ReadOnlyMemory<byte>.Empty));
            known.Remove(gone);
        }

        foreach (var name in names)
        {
            if (name != PcscReaderState.PnpNotification && known.TryAdd(name, new PcscReaderState(name, (uint)PcscReaderStateFlags.Unaware)))
            {
                events.Add(new ReaderEvent(ReaderEventKind.ReaderAdded, name, ReadOnlyMemory<byte>.Empty));
            }
        }

        return events;
    }

    private TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));

    private async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<uint> WaitAsync(PcscContextHandle context, uint timeout, PcscReaderState[] states, CancellationToken cancellationToken)
    {
        foreach (var state in states)
        {
            state.EventState = 0;
        }

        // The wait blocks a thread inside the PC/SC library until something changes; a dedicated
        // thread keeps it off the thread pool, and SCardCancel wakes it on cancellation.
        var wait = Task.Factory.StartNew(
            () => _api.GetStatusChange(context.DangerousGetHandle(), timeout, states),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        using (cancellationToken.UnsafeRegister(static state => ((PcscContextHandle)state!).Cancel(), context))
        {
            while (true)
            {
                var finished = await Task.WhenAny(wait, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken)).ConfigureAwait(false);
                if (finished == wait)
                {
                    return await wait.ConfigureAwait(false);
                }

                // A cancel that arrived before the library entered its wait is lost: repeat it
                // until the wait ends, so releasing the context never races a blocked call.
                while (!wait.IsCompleted)
                {
                    context.Cancel();
                    await Task.WhenAny(wait, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None)).ConfigureAwait(false);
                }

                return await wait.ConfigureAwait(false);
            }
        }
    }
}
