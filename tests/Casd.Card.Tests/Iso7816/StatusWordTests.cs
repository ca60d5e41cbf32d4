using Casd.Card.Iso7816;

namespace Casd.Card.Tests.Iso7816;

public class StatusWordTests
{
    [Theory]
    [InlineData(0x9000, StatusWordClass.Success)]
    [InlineData(0x6110, StatusWordClass.Success)]
    [InlineData(0x6283, StatusWordClass.Warning)]
    [InlineData(0x63C2, StatusWordClass.Warning)]
    [InlineData(0x6982, StatusWordClass.Error)]
    [InlineData(0x6F00, StatusWordClass.Error)]
    [InlineData(0x9001, StatusWordClass.Proprietary)]
    [InlineData(0x9100, StatusWordClass.Proprietary)]
    public void Class_follows_ISO_7816_4(int value, StatusWordClass expected) =>
        Assert.Equal(expected, new StatusWord((ushort)value).Class);

    [Theory]
    [InlineData(0x63C0, 0)]
    [InlineData(0x63C3, 3)]
    [InlineData(0x63CF, 15)]
    public void Retry_counter_is_read_from_63CX(int value, int retries) =>
        Assert.Equal(retries, new StatusWord((ushort)value).RetriesLeft);

    [Theory]
    [InlineData(0x9000)]
    [InlineData(0x6300)]
    [InlineData(0x6983)]
    [InlineData(0x6BC3)]
    public void Other_status_words_carry_no_retry_counter(int value) =>
        Assert.Null(new StatusWord((ushort)value).RetriesLeft);

    [Theory]
    [InlineData(0x9000, "normal processing")]
    [InlineData(0x6120, "32 response bytes still available")]
    [InlineData(0x6100, "256 response bytes still available")]
    [InlineData(0x6281, "corrupted")]
    [InlineData(0x6282, "end of file")]
    [InlineData(0x6283, "deactivated")]
    [InlineData(0x6300, "memory changed")]
    [InlineData(0x63C2, "verification failed, 2 tries left")]
    [InlineData(0x6400, "memory unchanged")]
    [InlineData(0x6581, "memory failure")]
    [InlineData(0x6700, "wrong length")]
    [InlineData(0x6881, "logical channel not supported")]
    [InlineData(0x6882, "secure messaging not supported")]
    [InlineData(0x6883, "last command of the chain expected")]
    [InlineData(0x6884, "command chaining not supported")]
    [InlineData(0x6981, "incompatible with file structure")]
    [InlineData(0x6982, "security status not satisfied")]
    [InlineData(0x6983, "authentication method blocked")]
    [InlineData(0x6984, "reference data not usable")]
    [InlineData(0x6985, "conditions of use not satisfied")]
    [InlineData(0x6986, "no current elementary file")]
    [InlineData(0x6987, "secure-messaging data objects missing")]
    [InlineData(0x6988, "incorrect secure-messaging data objects")]
    [InlineData(0x6A80, "incorrect parameters in the command data field")]
    [InlineData(0x6A81, "function not supported")]
    [InlineData(0x6A82, "file or application not found")]
    [InlineData(0x6A83, "record not found")]
    [InlineData(0x6A84, "not enough memory")]
    [InlineData(0x6A85, "inconsistent with TLV")]
    [InlineData(0x6A86, "incorrect parameters P1-P2")]
    [InlineData(0x6A87, "inconsistent with parameters P1-P2")]
    [InlineData(0x6A88, "reference data not found")]
    [InlineData(0x6A89, "file already exists")]
    [InlineData(0x6A8A, "DF name already exists")]
    [InlineData(0x6B00, "wrong parameters P1-P2")]
    [InlineData(0x6C10, "16 data bytes available")]
    [InlineData(0x6D00, "instruction code not supported")]
    [InlineData(0x6E00, "class not supported")]
    [InlineData(0x6F00, "no precise diagnosis")]
    [InlineData(0x9F00, "proprietary")]
    public void Every_ISO_7816_4_status_word_has_a_readable_description(int value, string fragment)
    {
        var sw = new StatusWord((ushort)value);
        Assert.Contains(fragment, sw.Description, StringComparison.Ordinal);
        Assert.StartsWith(value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), sw.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_and_value_agree()
    {
        var sw = new StatusWord(0x6A, 0x82);
        Assert.Equal(0x6A82, sw.Value);
        Assert.Equal(0x6A, sw.Sw1);
        Assert.Equal(0x82, sw.Sw2);
        Assert.Equal(StatusWord.FileNotFound, sw);
        Assert.True(StatusWord.Success.IsSuccess);
        Assert.False(sw.IsSuccess);
    }
}
