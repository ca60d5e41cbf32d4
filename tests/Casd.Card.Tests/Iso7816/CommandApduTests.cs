using Casd.Card.Iso7816;

namespace Casd.Card.Tests.Iso7816;

public class CommandApduTests
{
    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    [Fact]
    public void Case1_is_the_header_alone()
    {
        var apdu = new CommandApdu(0x00, 0x70, 0x00, 0x00);
        Assert.Equal(ApduCase.Case1, apdu.Case);
        Assert.Equal("00700000", Hex(apdu.ToArray()));
        Assert.Equal("00700000", Hex(apdu.ToArray(ApduLengthFormat.Extended)));
    }

    [Theory]
    [InlineData(1, ApduLengthFormat.Auto, "00B0000001")]
    [InlineData(255, ApduLengthFormat.Auto, "00B00000FF")]
    [InlineData(256, ApduLengthFormat.Auto, "00B0000000")]
    [InlineData(257, ApduLengthFormat.Auto, "00B00000000101")]
    [InlineData(65_535, ApduLengthFormat.Auto, "00B0000000FFFF")]
    [InlineData(65_536, ApduLengthFormat.Auto, "00B00000000000")]
    [InlineData(256, ApduLengthFormat.Extended, "00B00000000100")]
    [InlineData(5, ApduLengthFormat.Extended, "00B00000000005")]
    public void Case2_encodes_Le_in_short_and_extended_form(int ne, ApduLengthFormat format, string expected)
    {
        var apdu = new CommandApdu(0x00, 0xB0, 0x00, 0x00, expectedLength: ne);
        Assert.Equal(ApduCase.Case2, apdu.Case);
        Assert.Equal(expected, Hex(apdu.ToArray(format)));
    }

    [Fact]
    public void Case3_short_is_Lc_then_data()
    {
        // ISO/IEC 7816-4 SELECT by DF name, no response data requested
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Convert.FromHexString("A0000001510000"));
        Assert.Equal(ApduCase.Case3, apdu.Case);
        Assert.Equal("00A4040C07A0000001510000", Hex(apdu.ToArray()));
    }

    [Fact]
    public void Case3_extended_uses_a_three_byte_Lc()
    {
        var data = new byte[300];
        data[0] = 0xAB;
        var encoded = new CommandApdu(0x00, 0xDA, 0x01, 0x02, data).ToArray();
        Assert.Equal(4 + 3 + 300, encoded.Length);
        Assert.Equal("00DA010200012CAB", Hex(encoded[..8]));
    }

    [Fact]
    public void Case4_short_and_extended_forms()
    {
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, Convert.FromHexString("A000000151"), 256);
        Assert.Equal(ApduCase.Case4, apdu.Case);
        Assert.Equal("00A4040005A00000015100", Hex(apdu.ToArray()));
        Assert.Equal("00A404000000 05A000000151 0100".Replace(" ", "", StringComparison.Ordinal), Hex(apdu.ToArray(ApduLengthFormat.Extended)));
    }

    [Fact]
    public void Case4_with_long_data_switches_to_extended_and_encodes_Ne_65536_as_0000()
    {
        var apdu = new CommandApdu(0x80, 0xE2, 0x00, 0x00, new byte[256], 65_536);
        var encoded = apdu.ToArray();
        Assert.Equal(4 + 3 + 256 + 2, encoded.Length);
        Assert.Equal("80E20000000100", Hex(encoded[..7]));
        Assert.Equal("0000", Hex(encoded[^2..]));
    }

    [Theory]
    [InlineData(256, 0)]
    [InlineData(0, 257)]
    [InlineData(10, 300)]
    public void Short_only_refuses_a_command_that_needs_extended_length(int nc, int ne)
    {
        var apdu = new CommandApdu(0x00, 0xDA, 0x00, 0x00, new byte[nc], ne);
        var ex = Assert.Throws<ExtendedLengthNotSupportedException>(() => apdu.ToArray(ApduLengthFormat.ShortOnly));
        Assert.Contains("extended length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_are_enforced_with_clear_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0xA4, 0, 0, new byte[65_536]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0xA4, 0, 0, expectedLength: 65_537));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0xA4, 0, 0, expectedLength: -1));
        Assert.Contains("'FF'", Assert.Throws<ArgumentException>(() => new CommandApdu(0xFF, 0xA4, 0, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("'61'", Assert.Throws<ArgumentException>(() => new CommandApdu(0x00, 0x61, 0, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CommandApdu(0x00, 0x90, 0, 0));
    }

    [Fact]
    public void Extended_maximum_fits_MaxEncodedLength()
    {
        var apdu = new CommandApdu(0x00, 0xDA, 0x00, 0x00, new byte[65_535], 65_536);
        Assert.Equal(CommandApdu.MaxEncodedLength, apdu.GetEncodedLength());
        Span<byte> buffer = new byte[CommandApdu.MaxEncodedLength];
        Assert.True(apdu.TryEncode(buffer, ApduLengthFormat.Auto, out var written));
        Assert.Equal(CommandApdu.MaxEncodedLength, written);
    }

    [Fact]
    public void TryEncode_reports_a_buffer_too_small()
    {
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, new byte[10], 256);
        Assert.False(apdu.TryEncode(new byte[15], ApduLengthFormat.Auto, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void ToString_shows_header_and_lengths_but_never_data()
    {
        var apdu = new CommandApdu(0x00, 0x20, 0x00, 0x96, Convert.FromHexString("DEADBEEF"));
        var text = apdu.ToString();
        Assert.Equal("00 20 00 96 Nc=4 Ne=0", text);
        Assert.DoesNotContain("DEAD", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("00A404000AA00000015100000000", "short Lc says 10 data bytes but 9 bytes follow it")]
    [InlineData("00A4", "at least the 4 header bytes")]
    [InlineData("00A404000000", "extended length field is truncated")]
    [InlineData("00A40400000000AA", "extended Lc is zero")]
    [InlineData("00A4040000000301020304", "extended Lc says 3 data bytes but 4 bytes follow it")]
    [InlineData("FFA40400", "invalid CLA or INS")]
    [InlineData("006B0400", "invalid CLA or INS")]
    public void Parse_rejects_malformed_commands(string hex, string reason)
    {
        var ex = Assert.Throws<CardDataFormatException>(() => CommandApdu.Parse(Convert.FromHexString(hex)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00700000", 0, 0)]
    [InlineData("00B0000000", 0, 256)]
    [InlineData("00B00000000000", 0, 65_536)]
    [InlineData("00A4040C03010203", 3, 0)]
    [InlineData("00A404000301020300", 3, 256)]
    [InlineData("00A40400000003010203", 3, 0)]
    [InlineData("00A404000000030102030000", 3, 65_536)]
    public void Parse_reads_every_case(string hex, int nc, int ne)
    {
        var apdu = CommandApdu.Parse(Convert.FromHexString(hex));
        Assert.Equal(nc, apdu.Nc);
        Assert.Equal(ne, apdu.Ne);
    }

    [Fact]
    public void Parse_copies_the_data()
    {
        var encoded = Convert.FromHexString("00A4040C03010203");
        var apdu = CommandApdu.Parse(encoded);
        encoded[5] = 0xFF;
        Assert.Equal("010203", Convert.ToHexString(apdu.Data.Span));
    }

    [Fact]
    public void With_methods_keep_the_other_fields()
    {
        var apdu = new CommandApdu(0x00, 0xCA, 0x5F, 0x20, expectedLength: 10);
        Assert.Equal("84CA5F200A", Hex(apdu.WithCla(0x84).ToArray()));
        Assert.Equal("00CA5F2000", Hex(apdu.WithExpectedLength(256).ToArray()));
        Assert.Equal("00CA5F2001AA0A", Hex(apdu.WithData(new byte[] { 0xAA }).ToArray()));
    }
}
