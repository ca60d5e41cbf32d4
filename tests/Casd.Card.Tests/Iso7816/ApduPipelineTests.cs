using Casd.Card.Iso7816;
using Casd.Card.Tests.TestDoubles;
using Microsoft.Extensions.Logging;
using Moq;

namespace Casd.Card.Tests.Iso7816;

public class ApduPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passes_a_short_command_through_unchanged()
    {
        var card = new ScriptedCardConnection().Expect("00A4040003A0000100", "6F009000");
        using var pipeline = new ApduPipeline(card);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, new byte[] { 0xA0, 0x00, 0x01 }, 256), Ct);
        Assert.Equal("6F00", Convert.ToHexString(response.Data.Span));
        Assert.True(response.IsSuccess);
    }

    [Fact]
    public async Task Chains_data_longer_than_the_card_takes_with_CLA_bit_10()
    {
        var data = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var card = new ScriptedCardConnection()
            .Expect("10DA0102FF" + Convert.ToHexString(data, 0, 255), "9000")
            .Expect("10DA0102FF" + Convert.ToHexString(data, 255, 255), "9000")
            .Expect("00DA01025A" + Convert.ToHexString(data, 510, 90) + "00", "AB9000");
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xDA, 0x01, 0x02, data, 256), Ct);
        Assert.Equal("AB", Convert.ToHexString(response.Data.Span));
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task A_block_refused_mid_chain_ends_the_chain_with_that_status_word()
    {
        var card = new ScriptedCardConnection().AnswerAnything(Convert.FromHexString("6884"));
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xDA, 0x01, 0x02, new byte[600]), Ct);
        Assert.Equal(StatusWord.CommandChainingNotSupported, response.StatusWord);
        Assert.Single(card.Received);
    }

    [Fact]
    public async Task A_card_without_chaining_or_extended_length_refuses_long_data_before_sending()
    {
        var card = new ScriptedCardConnection();
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly with { SupportsCommandChaining = false });
        await Assert.ThrowsAsync<ExtendedLengthNotSupportedException>(() => pipeline.TransmitAsync(new CommandApdu(0x00, 0xDA, 0, 0, new byte[256]), Ct).AsTask());
        Assert.Empty(card.Received);
    }

    [Fact]
    public async Task Extended_card_receives_long_data_in_one_extended_APDU()
    {
        var card = new ScriptedCardConnection().AnswerAnything(Convert.FromHexString("9000"));
        using var pipeline = new ApduPipeline(card, CardCapabilities.Extended);
        await pipeline.TransmitAsync(new CommandApdu(0x00, 0xDA, 0, 0, new byte[1000], 65_536), Ct);
        var sent = Assert.Single(card.Received);
        Assert.Equal(4 + 3 + 1000 + 2, sent.Length);
    }

    [Fact]
    public async Task Ne_over_256_on_a_short_only_card_is_asked_as_256_and_the_rest_follows_by_GET_RESPONSE()
    {
        var card = new ScriptedCardConnection()
            .Expect("00B0000000", Convert.ToHexString(new byte[256]) + "6110")
            .Expect("00C0000010", Convert.ToHexString(new byte[16]) + "9000");
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xB0, 0, 0, expectedLength: 1000), Ct);
        Assert.Equal(272, response.Data.Length);
    }

    [Fact]
    public async Task Joins_61XX_rounds_with_GET_RESPONSE_on_the_same_logical_channel()
    {
        var card = new ScriptedCardConnection()
            .Expect("03CA7F6100", "01026103")
            .Expect("03C0000003", "0304056102")
            .Expect("03C0000002", "06079000");
        using var pipeline = new ApduPipeline(card);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x03, 0xCA, 0x7F, 0x61, expectedLength: 256), Ct);
        Assert.Equal("01020304050607", Convert.ToHexString(response.Data.Span));
        Assert.Equal(StatusWord.Success, response.StatusWord);
    }

    [Fact]
    public async Task GET_RESPONSE_on_a_further_logical_channel_uses_the_further_interindustry_class()
    {
        var card = new ScriptedCardConnection()
            .Expect("45CA000000", "6101")
            .Expect("45C0000001", "AA9000");
        using var pipeline = new ApduPipeline(card);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x45, 0xCA, 0x00, 0x00, expectedLength: 256), Ct);
        Assert.Equal("AA", Convert.ToHexString(response.Data.Span));
    }

    [Fact]
    public async Task A_card_that_answers_61XX_forever_is_stopped_with_a_protocol_error()
    {
        var card = new ScriptedCardConnection(_ => Convert.FromHexString("00016101"));
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly with { MaxGetResponseRounds = 50, MaxResponseDataLength = 1_000_000 });
        var ex = await Assert.ThrowsAsync<CardProtocolException>(() => pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0, expectedLength: 256), Ct).AsTask());
        Assert.Contains("after 50 GET RESPONSE rounds", ex.Message, StringComparison.Ordinal);
        Assert.Equal(51, card.Received.Count);
    }

    [Fact]
    public async Task A_card_that_answers_more_than_the_response_limit_is_stopped()
    {
        var card = new ScriptedCardConnection(_ => [.. new byte[256], 0x61, 0x00]);
        using var pipeline = new ApduPipeline(card, CardCapabilities.ShortOnly with { MaxResponseDataLength = 4096 });
        var ex = await Assert.ThrowsAsync<CardProtocolException>(() => pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0, expectedLength: 256), Ct).AsTask());
        Assert.Contains("4096-byte limit", ex.Message, StringComparison.Ordinal);
        Assert.True(card.Received.Count <= 17);
    }

    [Fact]
    public async Task Reissues_once_with_the_Le_the_card_asked_for_on_6CXX()
    {
        var card = new ScriptedCardConnection()
            .Expect("00CA010100", "6C05")
            .Expect("00CA010105", "01020304059000");
        using var pipeline = new ApduPipeline(card);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xCA, 0x01, 0x01, expectedLength: 256), Ct);
        Assert.Equal(5, response.Data.Length);
    }

    [Fact]
    public async Task A_second_6CXX_is_a_protocol_error_not_a_loop()
    {
        var card = new ScriptedCardConnection(_ => Convert.FromHexString("6C05"));
        using var pipeline = new ApduPipeline(card);
        await Assert.ThrowsAsync<CardProtocolException>(() => pipeline.TransmitAsync(new CommandApdu(0x00, 0xCA, 0x01, 0x01, expectedLength: 256), Ct).AsTask());
        Assert.Equal(2, card.Received.Count);
    }

    [Fact]
    public async Task Wrong_length_then_more_data_are_both_handled()
    {
        var card = new ScriptedCardConnection()
            .Expect("00CA010100", "6C00")
            .Expect("00CA010100", Convert.ToHexString(new byte[256]) + "6102")
            .Expect("00C0000002", "AABB9000");
        using var pipeline = new ApduPipeline(card);
        var response = await pipeline.TransmitAsync(new CommandApdu(0x00, 0xCA, 0x01, 0x01, expectedLength: 256), Ct);
        Assert.Equal(258, response.Data.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public async Task A_response_shorter_than_a_status_word_is_malformed(string hex)
    {
        var card = new ScriptedCardConnection().AnswerAnything(Convert.FromHexString(hex));
        using var pipeline = new ApduPipeline(card);
        var ex = await Assert.ThrowsAsync<CardDataFormatException>(() => pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0, expectedLength: 1), Ct).AsTask());
        Assert.Contains("00 CA 00 00", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        var card = new ScriptedCardConnection().AnswerAnything(Convert.FromHexString("9000"));
        using var pipeline = new ApduPipeline(card);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0), cts.Token).AsTask());
    }

    [Fact]
    public async Task The_response_does_not_alias_the_reused_receive_buffer()
    {
        var card = new ScriptedCardConnection().Expect("00CA000000", "11229000").Expect("00CA000000", "33449000");
        using var pipeline = new ApduPipeline(card);
        var first = await pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0, expectedLength: 256), Ct);
        await pipeline.TransmitAsync(new CommandApdu(0, 0xCA, 0, 0, expectedLength: 256), Ct);
        Assert.Equal("1122", Convert.ToHexString(first.Data.Span));
    }

    [Fact]
    public async Task Logs_headers_and_status_but_never_the_data_of_a_sensitive_command()
    {
        var logged = new List<string>();
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        logger.Setup(l => l.Log(It.IsAny<LogLevel>(), It.IsAny<EventId>(), It.IsAny<It.IsAnyType>(), It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()))
            .Callback(new InvocationAction(i => logged.Add(i.Arguments[2]?.ToString() ?? string.Empty)));
        var card = new ScriptedCardConnection()
            .Expect("0020009606C0FFEE123456", "63C2")
            .Expect("00CA5F2000", "CAFE9000");
        using var pipeline = new ApduPipeline(card, logger: logger.Object);

        await pipeline.TransmitAsync(new CommandApdu(0x00, 0x20, 0x00, 0x96, Convert.FromHexString("C0FFEE123456")), Ct);
        await pipeline.TransmitAsync(new CommandApdu(0x00, 0xCA, 0x5F, 0x20, expectedLength: 256), Ct);

        var all = string.Join("\n", logged);
        Assert.Contains("00 20 00 96 Nc=6", all, StringComparison.Ordinal);
        Assert.Contains("SW=63C2", all, StringComparison.Ordinal);
        Assert.Contains("redacted", all, StringComparison.Ordinal);
        Assert.DoesNotContain("C0FFEE", all, StringComparison.Ordinal);
        Assert.Contains("CAFE", all, StringComparison.Ordinal);
    }
}
