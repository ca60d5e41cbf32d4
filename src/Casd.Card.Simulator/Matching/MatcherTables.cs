using System.Numerics;

namespace Casd.Card.Simulator.Matching;

/// <summary>
/// Constant tables of the on-card matcher, as a card keeps them in ROM: angles are in binary
/// degrees (256 to a turn), sines are scaled by 2^14. They were computed once offline, so the
/// matcher itself never touches floating point.
/// </summary>
internal static class MatcherTables
{
    /// <summary>The number of binary-degree steps in a full turn.</summary>
    public const int FullTurn = 256;

    /// <summary>The fixed-point scale of <see cref="Sine"/> as a shift.</summary>
    public const int SineShift = 14;

    /// <summary>Gets atan(r / 256) in binary degrees for r = 0…256 (0…32).</summary>
    public static ReadOnlySpan<byte> ArcTangent =>
    [
        0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
        3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7,
        8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 10, 10, 10,
        10, 10, 10, 10, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12,
        12, 12, 13, 13, 13, 13, 13, 13, 13, 14, 14, 14, 14, 14, 14, 14,
        15, 15, 15, 15, 15, 15, 15, 16, 16, 16, 16, 16, 16, 16, 17, 17,
        17, 17, 17, 17, 17, 17, 18, 18, 18, 18, 18, 18, 18, 19, 19, 19,
        19, 19, 19, 19, 19, 20, 20, 20, 20, 20, 20, 20, 20, 21, 21, 21,
        21, 21, 21, 21, 21, 21, 22, 22, 22, 22, 22, 22, 22, 22, 23, 23,
        23, 23, 23, 23, 23, 23, 23, 24, 24, 24, 24, 24, 24, 24, 24, 24,
        25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 26, 26, 26, 26, 26, 26,
        26, 26, 26, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 29, 29, 29, 29, 29, 29, 29, 29,
        29, 29, 29, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 31, 31,
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 32, 32, 32, 32, 32, 32,
        32,
    ];

    /// <summary>Gets sin(2πi / 256) × 16384 for i = 0…255.</summary>
    public static ReadOnlySpan<short> Sine =>
    [
        0, 402, 804, 1205, 1606, 2006, 2404, 2801, 3196, 3590, 3981, 4370, 4756, 5139, 5520, 5897,
        6270, 6639, 7005, 7366, 7723, 8076, 8423, 8765, 9102, 9434, 9760, 10080, 10394, 10702, 11003, 11297,
        11585, 11866, 12140, 12406, 12665, 12916, 13160, 13395, 13623, 13842, 14053, 14256, 14449, 14635, 14811, 14978,
        15137, 15286, 15426, 15557, 15679, 15791, 15893, 15986, 16069, 16143, 16207, 16261, 16305, 16340, 16364, 16379,
        16384, 16379, 16364, 16340, 16305, 16261, 16207, 16143, 16069, 15986, 15893, 15791, 15679, 15557, 15426, 15286,
        15137, 14978, 14811, 14635, 14449, 14256, 14053, 13842, 13623, 13395, 13160, 12916, 12665, 12406, 12140, 11866,
        11585, 11297, 11003, 10702, 10394, 10080, 9760, 9434, 9102, 8765, 8423, 8076, 7723, 7366, 7005, 6639,
        6270, 5897, 5520, 5139, 4756, 4370, 3981, 3590, 3196, 2801, 2404, 2006, 1606, 1205, 804, 402,
        0, -402, -804, -1205, -1606, -2006, -2404, -2801, -3196, -3590, -3981, -4370, -4756, -5139, -5520, -5897,
        -6270, -6639, -7005, -7366, -7723, -8076, -8423, -8765, -9102, -9434, -9760, -10080, -10394, -10702, -11003, -11297,
        -11585, -11866, -12140, -12406, -12665, -12916, -13160, -13395, -13623, -13842, -14053, -14256, -14449, -14635, -14811, -14978,
        -15137, -15286, -15426, -15557, -15679, -15791, -15893, -15986, -16069, -16143, -16207, -16261, -16305, -16340, -16364, -16379,
        -16384, -16379, -16364, -16340, -16305, -16261, -16207, -16143, -16069, -15986, -15893, -15791, -15679, -15557, -15426, -15286,
        -15137, -14978, -14811, -14635, -14449, -14256, -14053, -13842, -13623, -13395, -13160, -12916, -12665, -12406, -12140, -11866,
        -11585, -11297, -11003, -10702, -10394, -10080, -9760, -9434, -9102, -8765, -8423, -8076, -7723, -7366, -7005, -6639,
        -6270, -5897, -5520, -5139, -4756, -4370, -3981, -3590, -3196, -2801, -2404, -2006, -1606, -1205, -804, -402,
    ];

    /// <summary>The direction of the vector (dx, dy), Y upwards, in binary degrees (0–255); 0 for the null vector.</summary>
    /// <param name="dx">The X component.</param>
    /// <param name="dy">The Y component (upwards).</param>
    /// <returns>The direction, counter-clockwise from the positive X axis.</returns>
    public static int Atan2(int dx, int dy)
    {
        var ax = dx < 0 ? -dx : dx;
        var ay = dy < 0 ? -dy : dy;
        if ((ax | ay) == 0)
        {
            return 0;
        }

        var octant = ax >= ay ? ArcTangent[(ay << 8) / ax] : 64 - ArcTangent[(ax << 8) / ay];
        if (dx < 0)
        {
            octant = 128 - octant;
        }

        if (dy < 0)
        {
            octant = 256 - octant;
        }

        return octant & 0xFF;
    }

    /// <summary>The smallest absolute difference of two binary-degree angles (0–128).</summary>
    /// <param name="a">The first angle.</param>
    /// <param name="b">The second angle.</param>
    /// <returns>The circular distance.</returns>
    public static int AngleDistance(int a, int b)
    {
        var d = (a - b) & 0xFF;
        return d > 128 ? 256 - d : d;
    }

    /// <summary>The integer square root, rounded down.</summary>
    /// <param name="value">A non-negative value below 2^18 (a squared distance on the 256 × 256 square is below 2^17).</param>
    /// <returns>floor(sqrt(value)).</returns>
    public static int SquareRoot(int value)
    {
        if (value <= 0)
        {
            return 0;
        }

        // Start at the highest power of four not above the value.
        var result = 0;
        var bit = 1 << (BitOperations.Log2((uint)value) & ~1);

        while (bit != 0)
        {
            if (value >= result + bit)
            {
                value -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }

            bit >>= 2;
        }

        return result;
    }
}
