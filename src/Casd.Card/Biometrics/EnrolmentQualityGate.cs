using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// The quality gates a finger passes before the desk enrols it: a single-finger position, at
/// least the BIT's minimum of minutiae after conversion, no duplicate minutiae, and minutiae that
/// spread over an area a finger covers. Each refusal carries a typed reason.
/// </summary>
public static class EnrolmentQualityGate
{
    /// <summary>
    /// The smallest extent, in 0.1 mm, the minutiae must cover along both axes (3 mm): less is a
    /// spot or a line, not a fingerprint, and would match almost anything.
    /// </summary>
    public const int MinimumSpread = 30;

    /// <summary>Checks a view's finger position.</summary>
    /// <param name="position">The view's finger position.</param>
    /// <returns>The verdict.</returns>
    public static EnrolmentQualityResult CheckFingerPosition(FingerPosition position) =>
        (int)position is >= 0 and <= 10
            ? EnrolmentQualityResult.Accepted
            : new EnrolmentQualityResult(
                EnrolmentRefusalReason.InvalidFingerPosition,
                string.Format(CultureInfo.InvariantCulture, "finger position code {0} is not a single finger (0 to 10); capture one finger per record", (int)position));

    /// <summary>Checks that a second finger is not the first one again.</summary>
    /// <param name="first">The position of the first finger enrolled.</param>
    /// <param name="second">The position of the second finger.</param>
    /// <returns>The verdict; unknown positions cannot be compared and pass.</returns>
    public static EnrolmentQualityResult CheckDistinctFingers(FingerPosition first, FingerPosition second) =>
        first != FingerPosition.Unknown && first == second
            ? new EnrolmentQualityResult(EnrolmentRefusalReason.SameFingerTwice, "both records are of the same finger; enrol two different fingers")
            : EnrolmentQualityResult.Accepted;

    /// <summary>Checks converted compact-card minutiae against the card's parameters.</summary>
    /// <param name="compactMinutiae">The minutiae as the card receives them (3 bytes each).</param>
    /// <param name="parameters">The card's parameters from its BIT.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of 3.</exception>
    /// <exception cref="BiometricDataFormatException">A minutia has the reserved type code 11.</exception>
    public static EnrolmentQualityResult CheckMinutiae(ReadOnlySpan<byte> compactMinutiae, BiometricMatchingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (compactMinutiae.Length % CompactMinutia.EncodedLength != 0)
        {
            throw new ArgumentException("Compact minutiae come in 3-byte units.", nameof(compactMinutiae));
        }

        var count = compactMinutiae.Length / CompactMinutia.EncodedLength;
        var minimum = Math.Max(1, parameters.MinimumMinutiae);
        if (count < minimum)
        {
            return new EnrolmentQualityResult(
                EnrolmentRefusalReason.TooFewMinutiae,
                string.Format(CultureInfo.InvariantCulture, "{0} usable minutiae, the card needs at least {1}; capture the finger again, flatter and centred", count, minimum));
        }

        int minX = int.MaxValue, maxX = int.MinValue, minY = int.MaxValue, maxY = int.MinValue;
        for (var i = 0; i < count; i++)
        {
            var a = compactMinutiae.Slice(i * CompactMinutia.EncodedLength, CompactMinutia.EncodedLength);
            var m = CompactMinutia.Read(a);
            minX = Math.Min(minX, m.X);
            maxX = Math.Max(maxX, m.X);
            minY = Math.Min(minY, m.Y);
            maxY = Math.Max(maxY, m.Y);
            for (var j = i + 1; j < count; j++)
            {
                if (a.SequenceEqual(compactMinutiae.Slice(j * CompactMinutia.EncodedLength, CompactMinutia.EncodedLength)))
                {
                    return new EnrolmentQualityResult(
                        EnrolmentRefusalReason.DuplicateMinutiae,
                        "two minutiae coincide in position, direction and type; the record is damaged or synthetic, capture again");
                }
            }
        }

        if (maxX - minX < MinimumSpread || maxY - minY < MinimumSpread)
        {
            return new EnrolmentQualityResult(
                EnrolmentRefusalReason.DegenerateMinutiae,
                "the minutiae lie in a spot or on a line rather than over a finger; capture again");
        }

        return EnrolmentQualityResult.Accepted;
    }
}
