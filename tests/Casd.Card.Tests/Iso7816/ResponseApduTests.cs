using Casd.Card.Iso7816;

namespace Casd.Card.Tests.Iso7816;

public class ResponseApduTests
{
    [Fact]
    public void Parse_splits_data_and_status_word()
    {
        var response = ResponseApdu.Parse(Convert.FromHexString("0102039000"));
        Assert.Equal("010203", Convert.ToHexString(response.Data.Span));
        Assert.Equal(StatusWord.Success, response.StatusWord);
        Assert.True(response.IsSuccess);
        Assert.Equal(5, response.EncodedLength);
    }

    [Fact]
    public void A_status_word_alone_is_a_response_without_data()
    {
        var response = ResponseApdu.Parse(Convert.FromHexString("6982"));
        Assert.True(response.Data.IsEmpty);
        Assert.Equal(StatusWord.SecurityStatusNotSatisfied, response.StatusWord);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void Fewer_than_two_bytes_is_malformed(string hex)
    {
        var ex = Assert.Throws<CardDataFormatException>(() => ResponseApdu.Parse(Convert.FromHexString(hex)));
        Assert.Contains("2-byte status word", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_round_trips()
    {
        var response = new ResponseApdu(new byte[] { 0xAA, 0xBB }, new StatusWord(0x63C1));
        Assert.Equal("AABB63C1", Convert.ToHexString(response.ToArray()));
        Assert.Equal(response, ResponseApdu.Parse(response.ToArray()));
        Assert.False(response.TryEncode(new byte[3], out _));
    }

    [Fact]
    public void EnsureSuccess_throws_with_the_status_word_and_the_command_header_only()
    {
        var command = new CommandApdu(0x00, 0x20, 0x00, 0x96, new byte[] { 0x11, 0x22 });
        var response = ResponseApdu.Parse(Convert.FromHexString("63C2"));
        var ex = Assert.Throws<StatusWordException>(() => response.EnsureSuccess(command));
        Assert.Equal(0x63C2, ex.StatusWord.Value);
        Assert.Contains("00 20 00 96", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1122", ex.Message, StringComparison.Ordinal);
        var ok = ResponseApdu.Parse(Convert.FromHexString("019000"));
        Assert.Equal(ok, ok.EnsureSuccess());
    }

    [Fact]
    public void ToString_never_shows_data()
    {
        var text = ResponseApdu.Parse(Convert.FromHexString("CAFE9000")).ToString();
        Assert.StartsWith("Nr=2 SW=9000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CAFE", text, StringComparison.Ordinal);
    }
}
