using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching.Synthetic;

/// <summary>
/// A made-up finger: its "true" minutiae in a finger-centred frame, from which
/// <see cref="SyntheticFingerGenerator.CreateImpression(SyntheticFinger, SyntheticImpressionOptions?)"/>
/// derives captures. Positions are in 0.1 mm (as the compact card format), directions in degrees.
/// </summary>
public sealed class SyntheticFinger
{
    private readonly SyntheticMinutia[] _minutiae;

    internal SyntheticFinger(int id, SyntheticMinutia[] minutiae)
    {
        Id = id;
        _minutiae = minutiae;
    }

    /// <summary>Gets the finger's number within its generator (0, 1, …).</summary>
    public int Id { get; }

    /// <summary>Gets the number of true minutiae.</summary>
    public int MinutiaCount => _minutiae.Length;

    internal ReadOnlySpan<SyntheticMinutia> Minutiae => _minutiae;

    /// <summary>Returns the true minutiae as a compact-card template, unmoved and without noise (at most <paramref name="maximum"/> of them).</summary>
    /// <param name="maximum">The most minutiae to write (the card accepts 60).</param>
    /// <returns>3 bytes a minutia.</returns>
    public byte[] ToCompactTemplate(int maximum = BiometricMatchingParameters.DefaultMaximumMinutiae)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximum);
        var count = Math.Min(maximum, _minutiae.Length);
        var result = new byte[count * CompactMinutia.EncodedLength];
        for (var i = 0; i < count; i++)
        {
            _minutiae[i].ToCompact().Write(result.AsSpan(i * CompactMinutia.EncodedLength));
        }

        return result;
    }

    /// <summary>Returns a description without the minutiae.</summary>
    /// <returns>The finger's number and minutia count.</returns>
    public override string ToString() => $"Synthetic finger {Id} ({MinutiaCount} minutiae)";
}
