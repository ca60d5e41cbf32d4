using Casd.Card.IntegrationTests.Support;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Pcsc;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Os;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

/// <summary>Our simulated card through vpcd and pcscd, driven by the host stack as a real card would be.</summary>
[Collection(PcscdTestGroup.Name)]
public sealed class SimulatorBehindPcscdTests(PcscdEnvironment environment)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Select_the_casd_application_and_get_data_through_pcsc_and_the_pipeline()
    {
        var card = new SimulatedCard();
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(environment, card, Ct);
        await using var connection = await behind.ConnectAsync(Ct);
        using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);

        Assert.Equal(CardAtr.Bytes.ToArray(), connection.Atr.ToArray());
        var select = await pipeline.TransmitAsync(CasdCommands.Select(), Ct);
        Assert.Equal(StatusWord.Success, select.StatusWord);
        Assert.Equal(CasdCardInterface.Aid.ToArray(), CasdFci.Parse(select.Data.Span).Aid.ToArray());

        var serial = await pipeline.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Ct);
        Assert.Equal(StatusWord.Success, serial.StatusWord);
        Assert.Equal(card.Serial, CasdResponses.ParseCardSerial(serial.Data.Span));

        // an extended Le travels through pcscd and vpcd unchanged
        var extended = await pipeline.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial, 65_536), Ct);
        Assert.Equal(serial.Data.ToArray(), extended.Data.ToArray());
        Assert.True(behind.Client.ApduCount >= 3);
    }

    [Fact]
    public async Task The_card_leaving_the_reader_is_card_removed_and_pcscd_sees_it_again_after_reinsertion()
    {
        var card = new SimulatedCard();
        var behind = await SimulatedCardBehindPcscd.StartAsync(environment, card, Ct);
        var connection = await behind.ConnectAsync(Ct);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        Assert.True(await connection.TransmitAsync(CasdCommands.Select().ToArray(ApduLengthFormat.Auto), response, Ct) >= 2);

        await behind.DisposeAsync();
        await Assert.ThrowsAsync<CardRemovedException>(async () => await connection.TransmitAsync(CasdCommands.Select().ToArray(ApduLengthFormat.Auto), response, Ct));
        await connection.DisposeAsync();

        await using var again = await SimulatedCardBehindPcscd.StartAsync(environment, card, Ct);
        await using var second = await again.ConnectAsync(Ct);
        var received = await second.TransmitAsync(CasdCommands.Select().ToArray(ApduLengthFormat.Auto), response, Ct);
        Assert.Equal(new byte[] { 0x90, 0x00 }, response[(received - 2)..received]);
    }
}
