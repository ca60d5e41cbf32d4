using Casd.Card.Biometrics;
using CsCheck;

namespace Casd.Card.Tests.Biometrics;

public class RecordPropertyTests
{
    [Fact]
    public void Every_valid_record_survives_a_write_parse_round_trip_in_every_format()
    {
        RecordGenerators.AnyRecord().Sample(
            record =>
            {
                var bytes = FingerMinutiaeRecordWriter.Write(record);
                using var parsed = FingerMinutiaeRecord.Parse(bytes);
                Assert.Equal(record.Format, parsed.Format);
                Assert.Equal(bytes.Length, parsed.DeclaredLength);
                Assert.Equal(0, parsed.LengthFieldShortfall);
                Assert.Equal(record.Views.Count, parsed.Views.Count);
                for (var v = 0; v < record.Views.Count; v++)
                {
                    AssertSameView(record.Views[v], parsed.Views[v]);
                }
            },
            iter: 2_000);
    }

    [Fact]
    public void Random_byte_mutations_give_a_typed_exception_or_a_consistent_record()
    {
        var gen = from record in RecordGenerators.AnyRecord(maxViews: 2, maxMinutiae: 12)
                  let bytes = FingerMinutiaeRecordWriter.Write(record)
                  from mutations in Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Byte).Array[1, 6]
                  from cut in Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[-8, 8]))
                  select Mutate(bytes, mutations, cut);

        gen.Sample(
            data =>
            {
                try
                {
                    using var parsed = FingerMinutiaeRecord.Parse(data);
                    AssertConsistent(parsed, data.Length);
                }
                catch (BiometricDataFormatException)
                {
                    // A typed refusal is the other acceptable outcome.
                }
            },
            iter: 20_000);
    }

    [Fact]
    public void Every_prefix_of_a_valid_record_is_refused_as_truncated()
    {
        RecordGenerators.AnyRecord(maxViews: 2, maxMinutiae: 8).Sample(
            record =>
            {
                var bytes = FingerMinutiaeRecordWriter.Write(record);
                for (var length = 0; length < bytes.Length; length++)
                {
                    var ex = Assert.Throws<BiometricDataFormatException>(() => FingerMinutiaeRecord.Parse(bytes.AsSpan(0, length)));
                    Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
                }
            },
            iter: 200);
    }

    private static byte[] Mutate(byte[] original, (int Index, byte Value)[] mutations, int cut)
    {
        var data = original.ToArray();
        foreach (var (index, value) in mutations)
        {
            data[index] = value;
        }

        if (cut < 0)
        {
            return data[..Math.Max(0, data.Length + cut)];
        }

        return cut > 0 ? [.. data, .. new byte[cut]] : data;
    }

    private static void AssertConsistent(FingerMinutiaeRecord record, int length)
    {
        Assert.InRange(record.Views.Count, 1, 255);
        Assert.InRange(record.LengthFieldShortfall, 0, 2);
        Assert.Equal(length, record.DeclaredLength + record.LengthFieldShortfall);
        foreach (var view in record.Views)
        {
            Assert.InRange(view.ResolutionX, FingerMinutiaeRecord.MinimumResolution, FingerMinutiaeRecord.MaximumResolution);
            Assert.InRange(view.ResolutionY, FingerMinutiaeRecord.MinimumResolution, FingerMinutiaeRecord.MaximumResolution);
            foreach (var m in view.Minutiae)
            {
                Assert.InRange(m.X, 0, view.Width - 1);
                Assert.InRange(m.Y, 0, view.Height - 1);
                Assert.True(Enum.IsDefined(m.Type));
                Assert.InRange(m.AngleDegrees, 0.0, 359.99);
            }
        }
    }

    private static void AssertSameView(FingerView expected, FingerView actual)
    {
        Assert.Equal(expected.FingerPosition, actual.FingerPosition);
        Assert.Equal(expected.ViewNumber, actual.ViewNumber);
        Assert.Equal(expected.ImpressionType, actual.ImpressionType);
        Assert.Equal(expected.Quality, actual.Quality);
        Assert.Equal((expected.Width, expected.Height, expected.ResolutionX, expected.ResolutionY), (actual.Width, actual.Height, actual.ResolutionX, actual.ResolutionY));
        Assert.Equal(expected.Minutiae.ToArray(), actual.Minutiae.ToArray());
    }
}
