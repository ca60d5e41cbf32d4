using System.Collections.Concurrent;
using System.Threading.Channels;
using Casd.Card.Pcsc;
using Casd.Card.Transport;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Casd.Card.Tests.Pcsc;

public class PcscReaderMonitorTests
{
    private const uint Changed = (uint)PcscReaderStateFlags.Changed;
    private const uint Present = (uint)PcscReaderStateFlags.Present;
    private const uint Empty = (uint)PcscReaderStateFlags.Empty;
    private const uint NoService = 0x8010001D;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_the_readers_then_their_cards_then_each_insertion_and_removal()
    {
        using var script = new Script(["A", "B"]);
        script.Then(s =>
        {
            s[0].EventState = Empty | Changed;
            s[1].EventState = Present | Changed;
            s[1].Atr = [0x3B, 0x01];
            s[2].EventState = Changed | (2u << 16);
            return 0;
        });
        script.Then(s =>
        {
            Assert.Equal(Empty, s[0].CurrentState);
            Assert.Equal(Present, s[1].CurrentState);
            Assert.Equal(2u << 16, s[2].CurrentState);
            s[0].EventState = Present | Changed | (1u << 16);
            s[0].Atr = [0x3B, 0x02];
            s[1].EventState = Present;
            s[2].EventState = 2u << 16;
            return 0;
        });
        script.Then(s =>
        {
            s[1].EventState = Empty | Changed | (1u << 16);
            return 0;
        });
        await using var watch = script.Watch(new FakeTimeProvider());

        Assert.Equal(new ReaderEvent(ReaderEventKind.ReaderAdded, "A", default), await watch.NextAsync());
        Assert.Equal(new ReaderEvent(ReaderEventKind.ReaderAdded, "B", default), await watch.NextAsync());
        var inserted = await watch.NextAsync();
        Assert.Equal((ReaderEventKind.CardInserted, "B"), (inserted.Kind, inserted.ReaderName));
        Assert.Equal(new byte[] { 0x3B, 0x01 }, inserted.Atr.ToArray());
        inserted = await watch.NextAsync();
        Assert.Equal((ReaderEventKind.CardInserted, "A"), (inserted.Kind, inserted.ReaderName));
        Assert.Equal(new byte[] { 0x3B, 0x02 }, inserted.Atr.ToArray());
        Assert.Equal((ReaderEventKind.CardRemoved, "B"), Short(await watch.NextAsync()));
        Assert.All(script.Timeouts, t => Assert.Equal(uint.MaxValue, t));
    }

    [Fact]
    public async Task Cancelling_wakes_the_blocked_wait_with_SCardCancel_and_ends_the_stream()
    {
        using var script = new Script(["A"]);
        await using var watch = script.Watch(new FakeTimeProvider());
        Assert.Equal((ReaderEventKind.ReaderAdded, "A"), Short(await watch.NextAsync()));
        await script.WaitUntilAsync(() => script.Waits >= 1);

        await watch.StopAsync();

        Assert.True(script.CancelCalls >= 1);
        Assert.True(watch.Ended);
    }

    [Fact]
    public async Task When_the_service_goes_the_readers_go_and_the_context_comes_back_with_backoff_not_a_spin()
    {
        var time = new CountingTimeProvider();
        using var script = new Script(["A"]);
        script.Then(s =>
        {
            s[0].EventState = Present | Changed;
            return 0;
        });
        script.Then(_ =>
        {
            script.ServiceUp = false;
            return NoService;
        });
        await using var watch = script.Watch(time);
        Assert.Equal((ReaderEventKind.ReaderAdded, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.CardInserted, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.CardRemoved, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.ReaderRemoved, "A"), Short(await watch.NextAsync()));
        Assert.Equal(1, script.Establishes);
        Assert.Equal(1, script.Releases);

        // Asleep for 250 ms of fake time: however long we wait in real time, no call is made.
        await script.WaitUntilAsync(() => time.Timers == 1);
        await Task.Delay(200, Ct);
        Assert.Equal(1, script.Establishes);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await script.WaitUntilAsync(() => script.Establishes == 2 && time.Timers == 2); // failed again: asleep for 500 ms
        await Task.Delay(200, Ct);
        Assert.Equal(2, script.Establishes);
        time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(200, Ct);
        Assert.Equal(2, script.Establishes);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await script.WaitUntilAsync(() => script.Establishes == 3 && time.Timers == 3); // asleep for 1 s

        script.ServiceUp = true;
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((ReaderEventKind.ReaderAdded, "A"), Short(await watch.NextAsync()));
        Assert.Equal(4, script.Establishes);
    }

    [Fact]
    public async Task Without_pnp_support_it_polls_the_reader_list_with_a_finite_wait()
    {
        var time = new FakeTimeProvider();
        using var script = new Script(["A"]);
        script.Then(s =>
        {
            s[0].EventState = Empty | Changed;
            s[1].EventState = (uint)PcscReaderStateFlags.Unknown | Changed;
            return 0;
        });
        script.Then(s =>
        {
            Assert.Single(s); // no PnP entry any more
            script.Readers = ["A", "B"]; // a reader arrives, which only the next poll of the list can see
            return 0x8010000A; // timeout: a poll tick
        });
        script.Then(s =>
        {
            Assert.Equal(2, s.Length);
            Assert.Equal("B", s[1].ReaderName);
            s[1].EventState = Present | Changed;
            return 0;
        });
        await using var watch = script.Watch(time);
        Assert.Equal((ReaderEventKind.ReaderAdded, "A"), Short(await watch.NextAsync()));

        Assert.Equal((ReaderEventKind.ReaderAdded, "B"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.CardInserted, "B"), Short(await watch.NextAsync()));
        Assert.Equal(uint.MaxValue, script.Timeouts[0]);
        Assert.Equal(1000u, script.Timeouts[1]);
    }

    [Fact]
    public async Task With_all_sixteen_reader_slots_taken_it_waits_on_the_readers_alone_and_polls_the_list()
    {
        // pcsc-lite refuses a wait on 17 states (16 readers and the PnP pseudo-reader): the monitor
        // once retried that refusal for ever and reported nothing (docs/reliability.md).
        var time = new FakeTimeProvider();
        var readers = Enumerable.Range(0, 16).Select(i => $"R{i:D2}").ToArray();
        using var script = new Script(readers);
        script.Then(s =>
        {
            Assert.Equal(16, s.Length);
            Assert.DoesNotContain(s, state => state.ReaderName == PcscReaderState.PnpNotification);
            s[3].EventState = Present | Changed;
            return 0;
        });
        await using var watch = script.Watch(time);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(ReaderEventKind.ReaderAdded, (await watch.NextAsync()).Kind);
        }

        Assert.Equal((ReaderEventKind.CardInserted, "R03"), Short(await watch.NextAsync()));
        Assert.Equal(1000u, script.Timeouts[0]);
    }

    [Fact]
    public async Task A_reader_that_disappears_is_reported_with_its_card()
    {
        using var script = new Script(["A"]);
        script.Then(s =>
        {
            s[0].EventState = Present | Changed;
            return 0;
        });
        script.Then(s =>
        {
            script.Readers = [];
            s[0].EventState = (uint)PcscReaderStateFlags.Unavailable | Changed;
            s[1].EventState = Changed;
            return 0;
        });
        await using var watch = script.Watch(new FakeTimeProvider());

        Assert.Equal((ReaderEventKind.ReaderAdded, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.CardInserted, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.CardRemoved, "A"), Short(await watch.NextAsync()));
        Assert.Equal((ReaderEventKind.ReaderRemoved, "A"), Short(await watch.NextAsync()));
    }

    private static (ReaderEventKind, string) Short(ReaderEvent e) => (e.Kind, e.ReaderName);

    /// <summary>Counts the timers the monitor creates, so the test advances time only once the monitor sleeps.</summary>
    private sealed class CountingTimeProvider : FakeTimeProvider
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>A Moq'd PC/SC service whose GetStatusChange answers scripted steps, then blocks until SCardCancel.</summary>
    private sealed class Script : IDisposable
    {
        private readonly BlockingCollection<Func<PcscReaderState[], uint>> _steps = [];
        private readonly SemaphoreSlim _cancel = new(0);
        private int _establishes;
        private int _releases;
        private int _waits;
        private int _cancels;

        public Script(string[] readers)
        {
            Readers = readers;
            Api = new Mock<IPcscApi>(MockBehavior.Strict);
            Api.Setup(a => a.EstablishContext(out It.Ref<nint>.IsAny)).Returns(new PcscApiMock.EstablishFn((out nint c) =>
            {
                Interlocked.Increment(ref _establishes);
                c = PcscApiMock.Context;
                return ServiceUp ? 0 : NoService;
            }));
            Api.Setup(a => a.ReleaseContext(It.IsAny<nint>())).Returns(() =>
            {
                Interlocked.Increment(ref _releases);
                return 0u;
            });
            Api.Setup(a => a.Cancel(It.IsAny<nint>())).Returns(() =>
            {
                Interlocked.Increment(ref _cancels);
                _cancel.Release();
                return 0u;
            });
            PcscApiMock.SetReaders(Api, () => ServiceUp ? (0u, Readers) : (NoService, []));
            Api.Setup(a => a.GetStatusChange(It.IsAny<nint>(), It.IsAny<uint>(), It.IsAny<PcscReaderState[]>())).Returns((nint _, uint timeout, PcscReaderState[] states) =>
            {
                Timeouts.Add(timeout);
                Interlocked.Increment(ref _waits);
                if (_steps.TryTake(out var step))
                {
                    return step(states);
                }

                return _cancel.Wait(Patience) ? 0x80100002u : 0x8010000Au;
            });
        }

        public Mock<IPcscApi> Api { get; }

        public volatile bool ServiceUp = true;

        public volatile string[] Readers;

        public List<uint> Timeouts { get; } = [];

        public int Establishes => Volatile.Read(ref _establishes);

        public int Releases => Volatile.Read(ref _releases);

        public int Waits => Volatile.Read(ref _waits);

        public int CancelCalls => Volatile.Read(ref _cancels);

        public void Then(Func<PcscReaderState[], uint> step) => _steps.Add(step);

        public Watcher Watch(TimeProvider time) => new(new PcscReaderMonitor(Api.Object, time, null));

        public async Task WaitUntilAsync(Func<bool> condition)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(Patience);
            while (!condition())
            {
                await Task.Delay(5, timeout.Token);
            }
        }

        public void Dispose()
        {
            _steps.Dispose();
            _cancel.Dispose();
        }
    }

    /// <summary>Runs a monitor in the background and hands its events over a channel.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();
        private readonly Task _run;

        public Watcher(PcscReaderMonitor monitor)
        {
            _run = Task.Run(async () =>
            {
                await foreach (var e in monitor.WatchAsync(_stop.Token))
                {
                    await _events.Writer.WriteAsync(e);
                }

                Ended = true;
                _events.Writer.Complete();
            });
        }

        public bool Ended { get; private set; }

        public async Task<ReaderEvent> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(Patience);
            return await _events.Reader.ReadAsync(timeout.Token);
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(Patience, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }
}
