using Casd.Card.Biometrics;
using CsCheck;

namespace Casd.Card.Tests.Biometrics;

public class EnrolmentQualityGateTests
{
    private static readonly BiometricMatchingParameters Parameters = BiometricMatchingParameters.Default;

    [Fact]
    public void A_spread_distinct_set_of_minutiae_is_accepted()
    {
        Assert.True(EnrolmentQualityGate.CheckMinutiae(Grid(20), Parameters).IsAccepted);
    }

    [Fact]
    public void Fewer_minutiae_than_the_bit_minimum_are_refused()
    {
        var result = EnrolmentQualityGate.CheckMinutiae(Grid(Parameters.MinimumMinutiae - 1), Parameters);
        Assert.Equal(EnrolmentRefusalReason.TooFewMinutiae, result.Reason);
        Assert.Contains("at least 12", result.Message, StringComparison.Ordinal);
        Assert.True(EnrolmentQualityGate.CheckMinutiae(Grid(Parameters.MinimumMinutiae), Parameters).IsAccepted);
    }

    [Fact]
    public void A_duplicate_minutia_is_refused()
    {
        var minutiae = Grid(20);
        minutiae.AsSpan(0, 3).CopyTo(minutiae.AsSpan(30, 3));
        Assert.Equal(EnrolmentRefusalReason.DuplicateMinutiae, EnrolmentQualityGate.CheckMinutiae(minutiae, Parameters).Reason);
    }

    [Fact]
    public void Minutiae_on_a_line_are_degenerate()
    {
        var line = new byte[20 * 3];
        for (var i = 0; i < 20; i++)
        {
            new CompactMinutia(10 + (i * 8), 100, MinutiaType.RidgeEnding, i).Write(line.AsSpan(i * 3));
        }

        Assert.Equal(EnrolmentRefusalReason.DegenerateMinutiae, EnrolmentQualityGate.CheckMinutiae(line, Parameters).Reason);
    }

    [Fact]
    public void Finger_positions_beyond_one_finger_and_the_same_finger_twice_are_refused()
    {
        Assert.True(EnrolmentQualityGate.CheckFingerPosition(FingerPosition.RightIndex).IsAccepted);
        Assert.True(EnrolmentQualityGate.CheckFingerPosition(FingerPosition.Unknown).IsAccepted);
        Assert.Equal(EnrolmentRefusalReason.InvalidFingerPosition, EnrolmentQualityGate.CheckFingerPosition((FingerPosition)13).Reason);
        Assert.Equal(EnrolmentRefusalReason.SameFingerTwice, EnrolmentQualityGate.CheckDistinctFingers(FingerPosition.RightIndex, FingerPosition.RightIndex).Reason);
        Assert.True(EnrolmentQualityGate.CheckDistinctFingers(FingerPosition.RightIndex, FingerPosition.LeftIndex).IsAccepted);
        Assert.True(EnrolmentQualityGate.CheckDistinctFingers(FingerPosition.Unknown, FingerPosition.Unknown).IsAccepted);
    }

    [Fact]
    public void Verification_data_zeroes_its_buffer_on_dispose_and_redacts_its_string_form()
    {
        var data = CompactCardTemplate.FromCompact(Grid(15));
        var memory = data.Minutiae;
        Assert.Equal(15, data.MinutiaCount);
        Assert.DoesNotContain(Convert.ToHexString(memory.Span[..3]), data.ToString(), StringComparison.Ordinal);
        data.Dispose();
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ObjectDisposedException>(() => data.Minutiae);
    }

    [Fact]
    public void The_gate_never_throws_on_any_compact_input_and_an_acceptance_always_honours_every_rule() =>
        Gen.Byte.Array[0, 90].Select(b => b[..(b.Length / 3 * 3)]).Sample(bytes =>
        {
            // Type '11' is reserved; the converter never writes it, so keep the generated input valid.
            for (var i = 2; i < bytes.Length; i += 3)
            {
                bytes[i] &= 0xBF;
            }

            var result = EnrolmentQualityGate.CheckMinutiae(bytes, Parameters);
            if (result.IsAccepted)
            {
                var minutiae = Enumerable.Range(0, bytes.Length / 3).Select(i => CompactMinutia.Read(bytes.AsSpan(i * 3, 3))).ToArray();
                Assert.True(minutiae.Length >= Parameters.MinimumMinutiae);
                Assert.Equal(minutiae.Length, minutiae.Distinct().Count());
                Assert.True(minutiae.Max(m => m.X) - minutiae.Min(m => m.X) >= EnrolmentQualityGate.MinimumSpread);
                Assert.True(minutiae.Max(m => m.Y) - minutiae.Min(m => m.Y) >= EnrolmentQualityGate.MinimumSpread);
            }
            else
            {
                Assert.NotEqual(EnrolmentRefusalReason.None, result.Reason);
                Assert.False(string.IsNullOrWhiteSpace(result.Message));
            }
        });

    internal static byte[] Grid(int count)
    {
        var bytes = new byte[count * 3];
        for (var i = 0; i < count; i++)
        {
            new CompactMinutia(20 + ((i % 5) * 30), 20 + ((i / 5) * 25), (MinutiaType)(1 + (i % 2)), (i * 7) % 64).Write(bytes.AsSpan(i * 3));
        }

        return bytes;
    }
}
