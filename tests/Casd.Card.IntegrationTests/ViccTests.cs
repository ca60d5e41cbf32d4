using Casd.Card.IntegrationTests.Support;
using Casd.Card.Iso7816;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.IntegrationTests;

/// <summary>The binding against a card we did not write: vsmartcard's vicc in 'Virtual PCD 00 00'.</summary>
[Collection(PcscdTestGroup.Name)]
public sealed class ViccTests(PcscdEnvironment environment)
{
    private static readonly byte[] SelectMf = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_readers_are_listed_with_the_vicc_card_and_its_atr()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);

        var readers = await environment.Provider.ListReadersAsync(Ct);

        var reader = Assert.Single(readers, r => r.Name == PcscdEnvironment.ViccReader);
        Assert.True(reader.IsCardPresent);
        Assert.Equal(ViccCard.Atr, reader.Atr.ToArray());
        Assert.Contains(readers, r => r.Name == PcscdEnvironment.SimulatorReader);
    }

    [Fact]
    public async Task Connect_reads_the_atr_and_protocol_and_select_mf_answers_9000()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var connection = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);

        Assert.Equal(ViccCard.Atr, connection.Atr.ToArray());
        Assert.NotEqual(CardProtocol.None, connection.Protocol);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        var received = await connection.TransmitAsync(SelectMf, response, Ct);
        Assert.Equal(new byte[] { 0x90, 0x00 }, response[..received]);
    }

    [Fact]
    public async Task Short_and_extended_apdus_go_through_the_pipeline()
    {
        environment.Require();
        await using var vicc = await ViccCard.StartAsync(environment, Ct);
        await using var connection = await environment.Provider.ConnectAsync(PcscdEnvironment.ViccReader, cancellationToken: Ct);
        using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);

        var select = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x00, 0x0C, new byte[] { 0x3F, 0x00 }), Ct);
        Assert.Equal(StatusWord.Success, select.StatusWord);

        // GET CHALLENGE, short: 8 random bytes, different each time
        var first = await pipeline.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, ReadOnlyMemory<byte>.Empty, 8), Ct);
        var second = await pipeline.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, ReadOnlyMemory<byte>.Empty, 8), Ct);
        Assert.Equal(StatusWord.Success, first.StatusWord);
        Assert.Equal(8, first.Data.Length);
        Assert.NotEqual(first.Data.ToArray(), second.Data.ToArray());

        // the same SELECT with extended length fields
        var extended = new CommandApdu(0x00, 0xA4, 0x00, 0x0C, new byte[] { 0x3F, 0x00 });
        var encoded = extended.ToArray(ApduLengthFormat.Extended);
        Assert.Equal(9, encoded.Length);
        var response = new byte[PcscCardConnection.MaxResponseLength];
        var received = await connection.TransmitAsync(encoded, response, Ct);
        Assert.Equal(new byte[] { 0x90, 0x00 }, response[..received]);
    }
}
