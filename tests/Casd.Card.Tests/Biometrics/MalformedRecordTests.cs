using System.Buffers.Binary;
using Casd.Card.Biometrics;

namespace Casd.Card.Tests.Biometrics;

public class MalformedRecordTests
{
    // ISO 19794-2:2005 offsets: length 8, width 14, resolution X 18, view count 22, first view 24, minutia count 27, first minutia 28.
    private static byte[] IsoRecord(int minutiae = 3, int width = 300, int height = 400, int resolution = 197)
    {
        var list = Enumerable.Range(0, minutiae)
            .Select(i => new Minutia(MinutiaType.RidgeEnding, 10 + i, 20 + i, 4 * i, MinutiaAngleUnit.Iso256thOfCircle, 60))
            .ToArray();
        var view = new FingerView(FingerPosition.RightIndex, 0, 0, 80, width, height, resolution, resolution, list);
        return FingerMinutiaeRecordWriter.Write(new FingerMinutiaeRecord(FingerMinutiaeFormat.Iso19794Part2Version2005, [view]));
    }

    private static BiometricDataFormatException Refuse(byte[] data) =>
        Assert.Throws<BiometricDataFormatException>(() => FingerMinutiaeRecord.Parse(data));

    [Fact]
    public void A_truncated_record_is_refused_with_its_length_and_the_bytes_present()
    {
        var data = IsoRecord();
        var ex = Refuse(data[..40]);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("48 bytes but only 40 are present", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<Casd.Card.Transport.CardException>(ex);
    }

    [Fact]
    public void A_length_field_that_disagrees_with_the_structure_is_refused()
    {
        var data = IsoRecord();
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)data.Length - 1);
        var ex = Refuse(data);
        Assert.Contains("length field says 47 bytes but the record's structure spans 48", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_one_or_two_byte_shortfall_is_tolerated_only_for_records_with_extended_data()
    {
        var folder = BiometricTestData.RequireTemplates();
        var data = File.ReadAllBytes(Path.Combine(folder, "iso19794-2-2005-appendix-c2.raw"));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)data.Length - 3);
        Assert.Contains("length field says 338", Refuse(data).Message, StringComparison.Ordinal);

        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)data.Length - 2);
        using var record = FingerMinutiaeRecord.Parse(data);
        Assert.Equal(2, record.LengthFieldShortfall);
    }

    [Fact]
    public void A_record_with_zero_views_is_refused()
    {
        var data = IsoRecord();
        data[22] = 0;
        Assert.Contains("zero finger views", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minutia_count_beyond_the_data_is_refused()
    {
        var data = IsoRecord();
        data[27] = 200;
        var ex = Refuse(data);
        Assert.Contains("finger view 0 declares 200 minutiae (1200 bytes) but only 20 bytes remain", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(49)]
    [InlineData(2001)]
    [InlineData(65535)]
    public void An_implausible_resolution_is_refused(int resolution)
    {
        var data = IsoRecord();
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(18), (ushort)resolution);
        var ex = Refuse(data);
        Assert.Contains("resolution", ex.Message, StringComparison.Ordinal);
        Assert.Contains("50–2000 px/cm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_image_size_is_refused()
    {
        var data = IsoRecord();
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(14), 0);
        Assert.Contains("empty image size", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_format_identifier_is_refused()
    {
        var data = IsoRecord();
        data[2] = (byte)'X';
        Assert.Contains("not 'FMR\\0'", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_version_is_refused()
    {
        var data = IsoRecord();
        data[6] = (byte)'1';
        Assert.Contains("unsupported version", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_record_are_refused()
    {
        var data = IsoRecord();
        Assert.Contains("1 byte(s) follow the last finger view", Refuse([.. data, 0]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserved_minutia_type_is_refused()
    {
        var data = IsoRecord();
        data[28 + 6] |= 0xC0;
        Assert.Contains("minutia 1 of finger view 0 has the reserved type code 11", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minutia_outside_the_image_is_refused_without_revealing_its_position()
    {
        var data = IsoRecord();
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(28), (ushort)((1 << 14) | 1234));
        var ex = Refuse(data);
        Assert.Contains("minutia 0 of finger view 0 lies outside the 300x400 image", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_bits_in_a_minutia_are_refused()
    {
        var data = IsoRecord();
        data[30] |= 0x40;
        Assert.Contains("reserved bits", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extended_data_block_longer_than_the_data_is_refused()
    {
        var data = IsoRecord();
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(data.Length - 2), 500);
        Assert.Contains("500 bytes of extended data", Refuse(data).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_iso_2011_representation_whose_length_disagrees_with_its_content_is_refused()
    {
        var view = new FingerView(FingerPosition.LeftIndex, 0, 0, 50, 300, 400, 197, 197, [new Minutia(MinutiaType.RidgeEnding, 5, 5, 5, MinutiaAngleUnit.Iso256thOfCircle, 40)]);
        var data = FingerMinutiaeRecordWriter.Write(new FingerMinutiaeRecord(FingerMinutiaeFormat.Iso19794Part2Version2011, [view, view]));
        using (var ok = FingerMinutiaeRecord.Parse(data))
        {
            Assert.Equal(FingerMinutiaeFormat.Iso19794Part2Version2011, ok.Format);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(15));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(15), length - 1);
        var ex = Assert.Throws<BiometricDataFormatException>(() => FingerMinutiaeRecord.Parse(data, FingerMinutiaeFormat.Iso19794Part2Version2011));
        Assert.Contains("representation 0 declares", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_parsed_as_the_wrong_format_is_refused()
    {
        var ex = Assert.Throws<BiometricDataFormatException>(() => FingerMinutiaeRecord.Parse(IsoRecord(), FingerMinutiaeFormat.Ansi378Version2009));
        Assert.Contains("does not belong to Ansi378Version2009", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ansi_2004_record_with_a_six_byte_length_round_trips()
    {
        var minutiae = Enumerable.Range(0, 255).Select(i => new Minutia(MinutiaType.RidgeBifurcation, i, i, i % 180, MinutiaAngleUnit.Ansi2Degrees, 50)).ToArray();
        var view = new FingerView(FingerPosition.RightThumb, 0, 0, 70, 500, 500, 197, 197, minutiae);
        var record = new FingerMinutiaeRecord(FingerMinutiaeFormat.Ansi378Version2004, Enumerable.Repeat(view, 45));
        var data = FingerMinutiaeRecordWriter.Write(record);
        Assert.True(data.Length > 0xFFFF);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(8)));

        using var parsed = FingerMinutiaeRecord.Parse(data);
        Assert.Equal(FingerMinutiaeFormat.Ansi378Version2004, parsed.Format);
        Assert.Equal(45, parsed.Views.Count);
    }

    [Fact]
    public void Record_and_view_descriptions_carry_no_minutiae()
    {
        using var record = FingerMinutiaeRecord.Parse(IsoRecord());
        Assert.Equal("Iso19794Part2Version2005 record with 1 finger view(s)", record.ToString());
        Assert.Equal("Finger view RightIndex #0: 3 minutiae, 300x400 px at 197x197 px/cm", record.Views[0].ToString());
        Assert.DoesNotContain("10", record.Views[0].Minutiae[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_overwrites_the_minutiae()
    {
        var record = FingerMinutiaeRecord.Parse(IsoRecord());
        var view = record.Views[0];
        record.Dispose();
        Assert.All(view.Minutiae.ToArray(), m => Assert.Equal(default, m));
    }
}
