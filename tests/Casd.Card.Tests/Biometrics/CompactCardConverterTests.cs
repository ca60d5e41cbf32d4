using Casd.Card.Biometrics;
using CsCheck;

namespace Casd.Card.Tests.Biometrics;

public class CompactCardConverterTests
{
    private static FingerView View(int resolution, params (MinutiaType Type, int X, int Y, int Angle, int Quality)[] minutiae) =>
        new(FingerPosition.RightIndex, 0, 0, 80, 4000, 4000, resolution, resolution,
            minutiae.Select(m => new Minutia(m.Type, m.X, m.Y, m.Angle, MinutiaAngleUnit.Iso256thOfCircle, m.Quality)).ToArray());

    private static CompactMinutia[] Convert(FingerView view, BiometricMatchingParameters? parameters, out CompactConversionResult result)
    {
        parameters ??= BiometricMatchingParameters.Default;
        var buffer = new byte[CompactCardConverter.GetMaxEncodedLength(view, parameters)];
        result = CompactCardConverter.Convert(view, parameters, buffer);
        return Enumerable.Range(0, result.MinutiaCount).Select(i => CompactMinutia.Read(buffer.AsSpan(3 * i))).ToArray();
    }

    private static CompactMinutia[] Convert(FingerView view, BiometricMatchingParameters? parameters = null) => Convert(view, parameters, out _);

    [Fact]
    public void Encodes_the_iso_sample_first_minutia_as_x_y_and_type_with_angle()
    {
        var folder = BiometricTestData.RequireTemplates();
        using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(Path.Combine(folder, "iso19794p2v2005-sample.dat")));
        var view = record.Views[0];
        var buffer = new byte[CompactCardConverter.GetMaxEncodedLength(view, BiometricMatchingParameters.Default)];

        var result = CompactCardConverter.Convert(view, BiometricMatchingParameters.Default, buffer);

        // (100 px, 14 px) at 197 px/cm = (5.08 mm, 0.71 mm); 80 x 1.40625 = 112.5 degrees = 20 steps of 5.625; ridge ending = 01.
        Assert.Equal(new byte[] { 51, 7, 0x40 | 20 }, buffer[..3]);
        Assert.Equal(27, result.MinutiaCount);
        Assert.Equal(81, result.BytesWritten);
        Assert.False(result.Recentred);
    }

    [Theory]
    [InlineData(1, 200, 1)]     // 0.05 mm rounds half up to 0.1 mm
    [InlineData(3, 200, 2)]     // 0.15 mm -> 0.2 mm
    [InlineData(299, 197, 152)] // 15.18 mm
    [InlineData(0, 197, 0)]
    [InlineData(1000, 394, 254)]
    public void Positions_become_tenths_of_a_millimetre_rounded_half_up(int pixels, int resolution, int expected) =>
        Assert.Equal(expected, CompactCardConverter.ToTenthsOfMillimetre(pixels, resolution));

    [Theory]
    [InlineData(0, MinutiaAngleUnit.Iso256thOfCircle, 0)]
    [InlineData(1, MinutiaAngleUnit.Iso256thOfCircle, 0)]   // 1.4 degrees = 0.25 step
    [InlineData(2, MinutiaAngleUnit.Iso256thOfCircle, 1)]   // 2.8 degrees = 0.5 step, rounds up
    [InlineData(253, MinutiaAngleUnit.Iso256thOfCircle, 63)]
    [InlineData(254, MinutiaAngleUnit.Iso256thOfCircle, 0)] // 357.2 degrees rounds to 64, wraps to 0
    [InlineData(255, MinutiaAngleUnit.Iso256thOfCircle, 0)]
    [InlineData(45, MinutiaAngleUnit.Ansi2Degrees, 16)]     // 90 degrees
    [InlineData(178, MinutiaAngleUnit.Ansi2Degrees, 63)]    // 356 degrees = 63.3 steps
    [InlineData(179, MinutiaAngleUnit.Ansi2Degrees, 0)]     // 358 degrees = 63.6 steps, rounds to 64, wraps
    [InlineData(250, MinutiaAngleUnit.Ansi2Degrees, 25)]    // out-of-standard 500 degrees wraps to 140 degrees
    public void Directions_become_six_bit_steps_and_64_wraps_to_0(int angle, MinutiaAngleUnit unit, int expected) =>
        Assert.Equal(expected, CompactCardConverter.ToCompactAngle(angle, unit));

    [Fact]
    public void Types_go_to_the_top_two_bits_of_the_third_byte()
    {
        var result = Convert(View(100, (MinutiaType.Other, 1, 1, 0, 50), (MinutiaType.RidgeEnding, 2, 2, 4, 50), (MinutiaType.RidgeBifurcation, 3, 3, 252, 50)));
        Assert.Equal([MinutiaType.Other, MinutiaType.RidgeEnding, MinutiaType.RidgeBifurcation], result.Select(m => m.Type));
        Assert.Equal([0, 1, 63], result.Select(m => m.Angle));
    }

    [Fact]
    public void An_overflowing_axis_is_recentred_on_the_centroid_and_what_stays_outside_is_dropped()
    {
        // At 100 px/cm a pixel is 0.1 mm. X centroid = 300, so X shifts by 128 - 300 = -172; Y fits and stays.
        var view = View(100, (MinutiaType.RidgeEnding, 100, 50, 0, 50), (MinutiaType.RidgeEnding, 200, 60, 0, 50), (MinutiaType.RidgeEnding, 600, 70, 0, 50));

        var result = Convert(view, null, out var summary);

        var only = Assert.Single(result);
        Assert.Equal((28, 60), (only.X, only.Y));
        Assert.Equal(new CompactConversionResult(1, 2, 0, true), summary);
    }

    [Fact]
    public void Beyond_the_maximum_the_highest_quality_minutiae_are_kept_in_record_order()
    {
        var view = View(100, (MinutiaType.RidgeEnding, 10, 10, 0, 10), (MinutiaType.RidgeEnding, 20, 20, 0, 90), (MinutiaType.RidgeEnding, 30, 30, 0, 50), (MinutiaType.RidgeEnding, 40, 40, 0, 90));

        var result = Convert(view, BiometricMatchingParameters.Default with { MinimumMinutiae = 1, MaximumMinutiae = 3 }, out var summary);

        Assert.Equal([20, 30, 40], result.Select(m => m.X));
        Assert.Equal(1, summary.DroppedOverMaximum);
    }

    [Fact]
    public void Among_equal_qualities_the_minutiae_closest_to_the_centre_of_mass_are_kept()
    {
        // Centre of mass (50, 50): distances 40, 5, 30, 10.
        var view = View(100, (MinutiaType.RidgeEnding, 10, 50, 0, 0), (MinutiaType.RidgeEnding, 55, 50, 0, 0), (MinutiaType.RidgeEnding, 80, 50, 0, 0), (MinutiaType.RidgeEnding, 55, 50 - 10, 0, 0));
        var result = Convert(view, BiometricMatchingParameters.Default with { MinimumMinutiae = 1, MaximumMinutiae = 2 });
        Assert.Equal([(55, 50), (55, 40)], result.Select(m => (m.X, m.Y)));
    }

    [Fact]
    public void Unreported_quality_ranks_below_every_reported_quality()
    {
        var view = View(100, (MinutiaType.RidgeEnding, 50, 50, 0, 254), (MinutiaType.RidgeEnding, 10, 10, 0, 1));
        var result = Convert(view, BiometricMatchingParameters.Default with { MinimumMinutiae = 1, MaximumMinutiae = 1 });
        Assert.Equal(10, Assert.Single(result).X);
    }

    [Fact]
    public void Equal_quality_and_distance_keep_bifurcations_before_endings_then_the_smaller_direction()
    {
        var limit = BiometricMatchingParameters.Default with { MinimumMinutiae = 1, MaximumMinutiae = 1 };
        var byType = View(100, (MinutiaType.RidgeEnding, 40, 50, 0, 50), (MinutiaType.RidgeBifurcation, 60, 50, 0, 50));
        Assert.Equal(MinutiaType.RidgeBifurcation, Assert.Single(Convert(byType, limit)).Type);

        var byAngle = View(100, (MinutiaType.RidgeEnding, 40, 50, 128, 50), (MinutiaType.RidgeEnding, 60, 50, 64, 50));
        Assert.Equal(16, Assert.Single(Convert(byAngle, limit)).Angle);
    }

    public static TheoryData<byte, int[]> Orders => new()
    {
        { 0x00, [0, 1, 2, 3] },
        { 0x05, [3, 2, 0, 1] }, // X-Y ascending (equal X: smaller Y first)
        { 0x06, [1, 0, 2, 3] }, // X-Y descending
        { 0x09, [3, 0, 2, 1] }, // Y-X ascending
        { 0x0A, [1, 2, 0, 3] }, // Y-X descending
        { 0x0D, [1, 3, 0, 2] }, // angle ascending
        { 0x0E, [2, 0, 3, 1] }, // angle descending
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Minutiae_are_sorted_as_the_bit_demands(byte order, int[] expectedRecordIndices)
    {
        (MinutiaType, int, int, int, int)[] minutiae =
        [
            (MinutiaType.RidgeEnding, 30, 20, 100, 50),
            (MinutiaType.RidgeEnding, 40, 50, 0, 50),
            (MinutiaType.RidgeEnding, 10, 30, 200, 50),
            (MinutiaType.RidgeEnding, 10, 10, 40, 50),
        ];
        var parameters = BiometricMatchingParameters.Default with { MinimumMinutiae = 1, Order = MinutiaeOrder.FromByte(order) };

        var result = Convert(View(100, minutiae), parameters);

        Assert.Equal(expectedRecordIndices.Select(i => (minutiae[i].Item2, minutiae[i].Item3)), result.Select(m => (m.X, m.Y)));
    }

    [Fact]
    public void Polar_order_goes_outwards_from_the_centre_then_counter_clockwise()
    {
        // Centre (50, 50). Near ring: east (60,50), north (50,40) [Y grows down], west (40,50). Far: south (50,80), centre-ish east (70, 50).
        (MinutiaType, int, int, int, int)[] minutiae =
        [
            (MinutiaType.RidgeEnding, 40, 50, 0, 50),
            (MinutiaType.RidgeEnding, 50, 80, 0, 50),
            (MinutiaType.RidgeEnding, 60, 50, 0, 50),
            (MinutiaType.RidgeEnding, 50, 40, 0, 50),
            (MinutiaType.RidgeEnding, 50, 30, 0, 50),
        ];
        var parameters = BiometricMatchingParameters.Default with { MinimumMinutiae = 1, Order = new MinutiaeOrder(MinutiaeOrderMethod.Polar, MinutiaeOrderDirection.Ascending) };

        var result = Convert(View(100, minutiae), parameters);

        Assert.Equal([(60, 50), (50, 40), (40, 50), (50, 30), (50, 80)], result.Select(m => (m.X, m.Y)));
    }

    [Fact]
    public void Every_fvc2002_template_converts_without_loss_of_range_and_within_the_maximum()
    {
        foreach (var database in new[] { "DB1_B", "DB2_B", "DB3_B", "DB4_B" })
        {
            var folder = BiometricTestData.RequireFvc(database);
            foreach (var file in Directory.GetFiles(folder, "*.iso"))
            {
                using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(file));
                var view = record.Views[0];
                var result = Convert(view, null, out var summary);
                Assert.Equal(Math.Min(view.MinutiaCount, 60), summary.MinutiaCount);
                Assert.Equal(0, summary.DroppedOutsideRange);
                Assert.False(summary.Recentred);
                Assert.All(result, m => Assert.True(m.X <= 153 && m.Y <= 204));
            }
        }
    }

    [Fact]
    public void Random_views_always_give_in_range_minutiae_within_the_maximum_deterministically()
    {
        var gen = from maximum in Gen.Int[1, 255]
                  from order in Gen.OneOf<byte>(0x00, 0x05, 0x06, 0x09, 0x0A, 0x0D, 0x0E, 0x11, 0x12)
                  from record in RecordGenerators.Record(FingerMinutiaeFormat.Iso19794Part2Version2005, maxViews: 1, maxMinutiae: 120)
                  select (record.Views[0], BiometricMatchingParameters.Default with { MinimumMinutiae = 0, MaximumMinutiae = maximum, Order = MinutiaeOrder.FromByte(order) });

        gen.Sample(
            (view, parameters) =>
            {
                var first = new byte[CompactCardConverter.GetMaxEncodedLength(view, parameters)];
                var second = new byte[first.Length];
                var result = CompactCardConverter.Convert(view, parameters, first);
                CompactCardConverter.Convert(view, parameters, second);
                Assert.Equal(first, second);
                Assert.True(result.MinutiaCount <= parameters.MaximumMinutiae);
                Assert.Equal(view.MinutiaCount, result.MinutiaCount + result.DroppedOutsideRange + result.DroppedOverMaximum);
                for (var i = 0; i < result.MinutiaCount; i++)
                {
                    var m = CompactMinutia.Read(first.AsSpan(3 * i));
                    Assert.InRange(m.Angle, 0, 63);
                    Assert.NotEqual(3, (first[(3 * i) + 2] >> 6));
                }
            },
            iter: 2_000);
    }

    [Fact]
    public void A_destination_too_small_is_a_caller_error()
    {
        var view = View(100, (MinutiaType.RidgeEnding, 1, 1, 0, 50), (MinutiaType.RidgeEnding, 2, 2, 0, 50));
        Assert.Throws<ArgumentException>(() => CompactCardConverter.Convert(view, BiometricMatchingParameters.Default, new byte[5]));
    }

    [Fact]
    public void Compact_minutiae_round_trip_and_refuse_the_reserved_type()
    {
        var m = new CompactMinutia(200, 17, MinutiaType.RidgeBifurcation, 42);
        var bytes = new byte[3];
        m.Write(bytes);
        Assert.Equal(new byte[] { 200, 17, 0x80 | 42 }, bytes);
        Assert.Equal(m, CompactMinutia.Read(bytes));
        Assert.Throws<BiometricDataFormatException>(() => CompactMinutia.Read([1, 2, 0xC0]));
        Assert.Throws<BiometricDataFormatException>(() => CompactMinutia.Read([1, 2]));
        Assert.DoesNotContain("200", m.ToString(), StringComparison.Ordinal);
    }
}
