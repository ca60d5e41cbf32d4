namespace Casd.Card.Simulator.Matching;

/// <summary>
/// The card's own codec of compact-card minutiae (ISO/IEC 19794-2 compact card format,
/// docs/card-interface.md): three bytes a minutia, X and Y in 0.1 mm (Y downwards), then the type
/// in bits 7–6 ('11' reserved) and the direction in 64ths of a turn in bits 5–0. VERIFY and CHANGE
/// REFERENCE DATA check a template with it and every matcher reads one through it. The host has
/// its own codec (<c>CompactMinutia</c>), so a mistake on one side is not mirrored on the other
/// (decision 0021).
/// </summary>
internal static class CardMinutiae
{
    /// <summary>The encoded size of one minutia.</summary>
    public const int MinutiaLength = 3;

    private const byte TypeBits = 0xC0;
    private const byte DirectionBits = 0x3F;

    /// <summary>The number of whole minutiae in a template, at most <paramref name="capacity"/>: what a matcher reads.</summary>
    /// <param name="template">The encoded minutiae.</param>
    /// <param name="capacity">The most the caller has room for; further minutiae are ignored.</param>
    /// <returns>The count.</returns>
    public static int Count(ReadOnlySpan<byte> template, int capacity) => Math.Min(template.Length / MinutiaLength, capacity);

    /// <summary>Whether the card accepts a template: whole minutiae, between the limits in number, none of the reserved type.</summary>
    /// <param name="template">The encoded minutiae.</param>
    /// <param name="minimum">The fewest minutiae accepted.</param>
    /// <param name="maximum">The most minutiae accepted.</param>
    /// <returns><see langword="true"/> when the template is acceptable.</returns>
    public static bool IsAcceptable(ReadOnlySpan<byte> template, int minimum, int maximum)
    {
        if (template.Length % MinutiaLength != 0 || template.Length / MinutiaLength < minimum || template.Length / MinutiaLength > maximum)
        {
            return false;
        }

        for (var i = MinutiaLength - 1; i < template.Length; i += MinutiaLength)
        {
            if ((template[i] & TypeBits) == TypeBits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the first <paramref name="count"/> minutiae with Y turned upwards and directions in
    /// binary degrees (256 a turn), sorted by X, then Y, then direction: a neighbour search over X
    /// can then stop early, and no score depends on the order the minutiae came in. The type is not
    /// read: extractors disagree on it.
    /// </summary>
    /// <param name="template">The encoded minutiae.</param>
    /// <param name="count">How many to read (<see cref="Count"/>).</param>
    /// <param name="keys">Scratch for the sort, at least <paramref name="count"/> long.</param>
    /// <param name="x">The X coordinates, 0.1 mm.</param>
    /// <param name="y">The Y coordinates, 0.1 mm, upwards.</param>
    /// <param name="angle">The directions in binary degrees.</param>
    public static void DecodeSorted(ReadOnlySpan<byte> template, int count, Span<int> keys, Span<byte> x, Span<byte> y, Span<byte> angle)
    {
        keys = keys[..count];
        for (var i = 0; i < count; i++)
        {
            var m = template.Slice(i * MinutiaLength, MinutiaLength);
            keys[i] = (m[0] << 16) | ((255 - m[1]) << 8) | ((m[2] & DirectionBits) << 2);
        }

        keys.Sort();
        for (var i = 0; i < count; i++)
        {
            var key = keys[i];
            x[i] = (byte)(key >> 16);
            y[i] = (byte)(key >> 8);
            angle[i] = (byte)key;
        }
    }
}
