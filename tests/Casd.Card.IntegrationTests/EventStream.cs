using System.Threading.Channels;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

/// <summary>Runs a reader monitor in the background and hands its events to the test.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();
    private readonly Task _run;

    public EventStream(ICardReaderMonitor monitor)
    {
        _run = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in monitor.WatchAsync(_stop.Token))
                {
                    await _events.Writer.WriteAsync(e);
                }
            }
            finally
            {
                _events.Writer.Complete();
            }
        });
    }

    /// <summary>Waits for the next event matching the filter, skipping others (such as the other reader's).</summary>
    public async Task<ReaderEvent> NextAsync(Func<ReaderEvent, bool> filter, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var e = await _events.Reader.ReadAsync(limit.Token);
            if (filter(e))
            {
                return e;
            }
        }
    }

    public Task<ReaderEvent> NextAsync(string reader, TimeSpan? timeout = null) => NextAsync(e => e.ReaderName == reader, timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
