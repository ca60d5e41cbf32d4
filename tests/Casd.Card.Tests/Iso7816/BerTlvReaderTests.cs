using Casd.Card.Iso7816;
using CsCheck;

namespace Casd.Card.Tests.Iso7816;

public class BerTlvReaderTests
{
    [Fact]
    public void Reads_one_two_and_three_byte_tags()
    {
        var reader = new BerTlvReader(Convert.FromHexString("8001AA" + "7F6100" + "5F7F0103" + "DF81010122"));
        var a = reader.Read();
        Assert.Equal(0x80u, a.Tag);
        Assert.False(a.IsConstructed);
        Assert.Equal("AA", Convert.ToHexString(a.Value));
        var b = reader.Read();
        Assert.Equal(0x7F61u, b.Tag);
        Assert.True(b.IsConstructed);
        Assert.Equal(0, b.Value.Length);
        Assert.Equal(3, b.Encoded.Length);
        var c = reader.Read();
        Assert.Equal(0x5F7Fu, c.Tag);
        Assert.Equal("03", Convert.ToHexString(c.Value));
        Assert.Equal(10, reader.Offset);
        var d = reader.Read();
        Assert.Equal(0xDF8101u, d.Tag);
        Assert.Equal("22", Convert.ToHexString(d.Value));
        Assert.False(reader.HasData);
    }

    [Fact]
    public void Reads_a_nested_biometric_information_template_group()
    {
        // 7F61 { 02 01 01, 7F60 { A1 { 81 01 08, 87 02 0101, 88 02 0007 } } }
        var encoded = Convert.FromHexString("7F6113" + "020101" + "7F600D" + "A10B" + "810108" + "87020101" + "88020007");
        var reader = new BerTlvReader(encoded);
        var group = reader.Read();
        Assert.False(reader.HasData);
        Assert.Equal(0x7F61u, group.Tag);
        var children = group.CreateReader();
        Assert.Equal("01", Convert.ToHexString(children.ReadValue(0x02)));
        var bit = children.Read();
        Assert.Equal(0x7F60u, bit.Tag);
        var bhtReader = bit.CreateReader();
        var bht = bhtReader.Read();
        Assert.Equal(0xA1u, bht.Tag);
        Assert.True(BerTlvReader.TryFind(bht.Value, 0x88, out var formatType));
        Assert.Equal("0007", Convert.ToHexString(formatType));
        Assert.False(BerTlvReader.TryFind(bht.Value, 0x99, out _));
    }

    [Theory]
    [InlineData("8100", 0)]
    [InlineData("817F" , 127)]
    [InlineData("818180", 128)]
    [InlineData("8182 0100", 256)]
    [InlineData("818300 0100", 256)]
    [InlineData("81840000 0100", 256)]
    public void Reads_definite_lengths_of_up_to_four_length_bytes(string header, int length)
    {
        var encoded = Convert.FromHexString(header.Replace(" ", "", StringComparison.Ordinal)).Concat(new byte[length]).ToArray();
        var element = new BerTlvReader(encoded).Read();
        Assert.Equal(length, element.Value.Length);
        Assert.Equal(encoded.Length, element.Encoded.Length);
    }

    [Theory]
    [InlineData("", "offset 0: no data object left")]
    [InlineData("81", "offset 1: the length field is missing")]
    [InlineData("8105AABB", "offset 0: tag 81 declares 5 value bytes but only 2 remain")]
    [InlineData("8180AABB0000", "indefinite length")]
    [InlineData("8185000000000100", "5 length bytes is more than the 4 allowed")]
    [InlineData("81830001", "length field is truncated")]
    [InlineData("5F", "the tag is truncated")]
    [InlineData("5F8181", "the tag is truncated")]
    [InlineData("5F81818101AA", "longer than 3 bytes")]
    [InlineData("0001AA", "'00' is not a valid first tag byte")]
    [InlineData("FF01AA", "'FF' is not a valid first tag byte")]
    [InlineData("8184FFFFFFFF", "the length is too large")]
    public void Malformed_data_raises_a_typed_exception_with_the_offset(string hex, string fragment)
    {
        var bytes = Convert.FromHexString(hex);
        var ex = Assert.Throws<CardDataFormatException>(() => new BerTlvReader(bytes).Read());
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("81")]
    [InlineData("8105AABB")]
    [InlineData("8180AABB0000")]
    [InlineData("8185000000000100")]
    [InlineData("81830001")]
    [InlineData("5F")]
    [InlineData("5F8181")]
    [InlineData("5F81818101AA")]
    [InlineData("0001AA")]
    [InlineData("FF01AA")]
    [InlineData("8184FFFFFFFF")]
    public void TryRead_refuses_what_Read_throws_for_and_does_not_move(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new BerTlvReader(bytes);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(0, reader.Offset);
        Assert.False(BerTlvReader.TryReadElement(bytes, out _, out var consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryRead_reads_what_Read_reads()
    {
        var bytes = Convert.FromHexString("8001AA" + "7F6100" + "5F7F0103" + "DF81010122");
        var reader = new BerTlvReader(bytes);
        var tags = new List<uint>();
        while (reader.TryRead(out var element))
        {
            tags.Add(element.Tag);
        }

        Assert.Equal([0x80u, 0x7F61u, 0x5F7Fu, 0xDF8101u], tags);
        Assert.False(reader.HasData);
        Assert.True(BerTlvReader.TryReadElement(bytes, out var first, out var consumed));
        Assert.Equal(0x80u, first.Tag);
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void TryRead_and_Read_agree_on_any_bytes()
    {
        Gen.Byte.Array[0, 12].Sample(bytes =>
        {
            var tried = new BerTlvReader(bytes);
            var read = new BerTlvReader(bytes);
            while (true)
            {
                var ok = tried.TryRead(out var a);
                uint? tag;
                try
                {
                    tag = read.Read().Tag;
                }
                catch (CardDataFormatException)
                {
                    tag = null;
                }

                if (ok != tag.HasValue || (ok && (a.Tag != tag || tried.Offset != read.Offset)))
                {
                    return false;
                }

                if (!ok)
                {
                    return true;
                }
            }
        });
    }

    [Fact]
    public void Nested_errors_report_the_offset_in_the_outer_buffer()
    {
        var bytes = Convert.FromHexString("7F6104" + "8105AABB");
        var ex = Assert.Throws<CardDataFormatException>(() => ReadFirstChild(bytes));
        Assert.Contains("offset 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadValue_names_both_tags_when_they_differ()
    {
        var bytes = Convert.FromHexString("8101AA");
        var ex = Assert.Throws<CardDataFormatException>(() => new BerTlvReader(bytes).ReadValue(0x82));
        Assert.Contains("expected tag 82 but found 81", ex.Message, StringComparison.Ordinal);
    }

    private static void ReadFirstChild(byte[] bytes)
    {
        var outer = new BerTlvReader(bytes).Read();
        outer.CreateReader().Read();
    }
}
