using Casd.Card.Iso7816;
using CsCheck;

namespace Casd.Card.Tests.Iso7816;

public class BerTlvWriterTests
{
    [Fact]
    public void Writes_nested_constructed_objects()
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(0x7F61))
        {
            writer.Write(0x02, 0x01);
            using (writer.PushConstructed(0x7F60))
            {
                using (writer.PushConstructed(0xA1))
                {
                    writer.Write(0x81, 0x08);
                    writer.Write(0x87, new byte[] { 0x01, 0x01 });
                    writer.Write(0x88, new byte[] { 0x00, 0x07 });
                }
            }
        }

        Assert.Equal("7F6113" + "020101" + "7F600D" + "A10B" + "810108" + "87020101" + "88020007", Convert.ToHexString(writer.ToArray()));
    }

    [Theory]
    [InlineData(127, "817F")]
    [InlineData(128, "818180")]
    [InlineData(255, "8181FF")]
    [InlineData(256, "81820100")]
    [InlineData(70_000, "8183011170")]
    public void Long_values_get_multi_byte_lengths(int length, string expectedHeader)
    {
        using var writer = new BerTlvWriter(16);
        writer.Write(0x81, new byte[length]);
        var encoded = writer.ToArray();
        Assert.StartsWith(expectedHeader, Convert.ToHexString(encoded), StringComparison.Ordinal);
        Assert.Equal(length, new BerTlvReader(encoded).Read().Value.Length);
    }

    [Fact]
    public void A_scope_whose_content_grows_past_127_bytes_widens_its_length_field()
    {
        using var writer = new BerTlvWriter(8);
        using (writer.PushConstructed(0x7F2E))
        {
            writer.Write(0x81, new byte[300]);
        }

        var encoded = writer.ToArray();
        Assert.Equal("7F2E8201308182012C", Convert.ToHexString(encoded[..9]));
        var outer = new BerTlvReader(encoded).Read();
        Assert.Equal(304, outer.Value.Length);
    }

    [Fact]
    public void Misuse_is_reported()
    {
        using var writer = new BerTlvWriter();
        Assert.Throws<ArgumentException>(() => writer.PushConstructed(0x81));
        Assert.Throws<ArgumentException>(() => writer.Write(0x5F818181, ReadOnlySpan<byte>.Empty));
        var scope = writer.PushConstructed(0x7F61);
        Assert.Throws<InvalidOperationException>(() => writer.ToArray());
        scope.Dispose();
        Assert.Equal("7F6100", Convert.ToHexString(writer.ToArray()));
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write(0x80, 0x01));
    }

    [Fact]
    public void Random_trees_round_trip_through_the_reader()
    {
        uint[] primitiveTags = [0x80, 0x81, 0x5F20, 0xDF8101];
        uint[] constructedTags = [0x7F61, 0xA1, 0x7F2E, 0xBF8101];
        var leaf = Gen.Select(Gen.Int[0, 3].Select(i => primitiveTags[i]), Gen.Byte.Array[0, 300]);
        var tree = Gen.Select(Gen.Int[0, 3].Select(i => constructedTags[i]), leaf.Array[0, 6]).Array[1, 5];
        tree.Sample(
            nodes =>
            {
                using var writer = new BerTlvWriter(4);
                foreach (var (tag, leaves) in nodes)
                {
                    using (writer.PushConstructed(tag))
                    {
                        foreach (var (leafTag, value) in leaves)
                        {
                            writer.Write(leafTag, value);
                        }
                    }
                }

                var reader = new BerTlvReader(writer.ToArray());
                foreach (var (tag, leaves) in nodes)
                {
                    var node = reader.Read();
                    Assert.Equal(tag, node.Tag);
                    var children = node.CreateReader();
                    foreach (var (leafTag, value) in leaves)
                    {
                        Assert.True(value.AsSpan().SequenceEqual(children.ReadValue(leafTag)));
                    }

                    Assert.False(children.HasData);
                }

                Assert.False(reader.HasData);
            },
            iter: 300);
    }

    [Fact]
    public void Reader_survives_arbitrary_bytes_with_typed_errors_only() =>
        Gen.Byte.Array[0, 64].Sample(
            bytes =>
            {
                try
                {
                    var reader = new BerTlvReader(bytes);
                    while (reader.HasData)
                    {
                        var element = reader.Read();
                        if (element.IsConstructed)
                        {
                            var inner = element.CreateReader();
                            while (inner.HasData)
                            {
                                inner.Read();
                            }
                        }
                    }
                }
                catch (CardDataFormatException)
                {
                }
            },
            iter: 5000);
}
