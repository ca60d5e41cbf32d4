namespace Casd.Card.Biometrics;

/// <summary>What <see cref="CompactCardConverter.Convert"/> wrote and what it had to leave out.</summary>
/// <param name="MinutiaCount">The number of compact minutiae written (3 bytes each).</param>
/// <param name="DroppedOutsideRange">Minutiae dropped because even after re-centring they lay beyond 25.5 mm.</param>
/// <param name="DroppedOverMaximum">Minutiae dropped because the card accepts fewer (lowest quality, farthest from the centre first).</param>
/// <param name="Recentred">Whether coordinates were shifted to put the minutiae's centre of mass at 12.8 mm on an axis that overflowed.</param>
public readonly record struct CompactConversionResult(int MinutiaCount, int DroppedOutsideRange, int DroppedOverMaximum, bool Recentred)
{
    /// <summary>Gets the number of bytes written.</summary>
    public int BytesWritten => MinutiaCount * CompactMinutia.EncodedLength;
}
