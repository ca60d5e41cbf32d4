using Casd.Card.IntegrationTests.Support;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

[Collection(PcscdTestGroup.Name)]
public sealed class MonitorTests(PcscdEnvironment environment)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_stopping_and_starting_the_card_process_is_inserted_removed_inserted()
    {
        environment.Require();
        await using var events = new EventStream(new PcscReaderMonitor());
        Assert.Equal(ReaderEventKind.ReaderAdded, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);

        var vicc = await ViccCard.StartAsync(environment, Ct);
        var inserted = await events.NextAsync(PcscdEnvironment.ViccReader);
        Assert.Equal(ReaderEventKind.CardInserted, inserted.Kind);
        Assert.Equal(ViccCard.Atr, inserted.Atr.ToArray());

        await vicc.DisposeAsync();
        Assert.Equal(ReaderEventKind.CardRemoved, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);

        await using var again = await ViccCard.StartAsync(environment, Ct);
        inserted = await events.NextAsync(PcscdEnvironment.ViccReader);
        Assert.Equal(ReaderEventKind.CardInserted, inserted.Kind);
        Assert.Equal(ViccCard.Atr, inserted.Atr.ToArray());
    }

    [Fact]
    public async Task A_card_present_at_start_is_reported_after_its_reader()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var events = new EventStream(new PcscReaderMonitor());

        Assert.Equal(ReaderEventKind.ReaderAdded, (await events.NextAsync(PcscdEnvironment.ViccReader)).Kind);
        var inserted = await events.NextAsync(PcscdEnvironment.ViccReader);
        Assert.Equal(ReaderEventKind.CardInserted, inserted.Kind);
        Assert.Equal(ViccCard.Atr, inserted.Atr.ToArray());
    }
}
