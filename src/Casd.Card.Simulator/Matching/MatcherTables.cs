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
    public static ReadOnlySpan<short> Sine => SineTable;

    // Multi-byte tables are arrays, not `ReadOnlySpan<short> => [...]` properties: unoptimised (Debug)
    // code does not expand RuntimeHelpers.CreateSpan and allocates a field-info stub on every access,
    // which made a comparison allocate in Debug builds. Byte tables have no such call and stay spans.
    private static readonly short[] SineTable =
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

    /// <summary>Gets 2^24 / n for n = 1…255 (index 0 unused), so that (a × table[n]) >> 16 ≈ 256 a / n for 0 ≤ a ≤ n.</summary>
    private static readonly int[] Reciprocal =
    [
        0, 16777216, 8388608, 5592405, 4194304, 3355443, 2796202, 2396745, 2097152, 1864135, 1677721, 1525201,
        1398101, 1290555, 1198372, 1118481, 1048576, 986895, 932067, 883011, 838860, 798915, 762600, 729444,
        699050, 671088, 645277, 621378, 599186, 578524, 559240, 541200, 524288, 508400, 493447, 479349,
        466033, 453438, 441505, 430185, 419430, 409200, 399457, 390167, 381300, 372827, 364722, 356962,
        349525, 342392, 335544, 328965, 322638, 316551, 310689, 305040, 299593, 294337, 289262, 284359,
        279620, 275036, 270600, 266305, 262144, 258111, 254200, 250406, 246723, 243148, 239674, 236298,
        233016, 229824, 226719, 223696, 220752, 217885, 215092, 212369, 209715, 207126, 204600, 202135,
        199728, 197379, 195083, 192841, 190650, 188508, 186413, 184365, 182361, 180400, 178481, 176602,
        174762, 172960, 171196, 169466, 167772, 166111, 164482, 162885, 161319, 159783, 158275, 156796,
        155344, 153919, 152520, 151146, 149796, 148470, 147168, 145888, 144631, 143395, 142179, 140985,
        139810, 138654, 137518, 136400, 135300, 134217, 133152, 132104, 131072, 130055, 129055, 128070,
        127100, 126144, 125203, 124275, 123361, 122461, 121574, 120699, 119837, 118987, 118149, 117323,
        116508, 115704, 114912, 114130, 113359, 112598, 111848, 111107, 110376, 109655, 108942, 108240,
        107546, 106861, 106184, 105517, 104857, 104206, 103563, 102927, 102300, 101680, 101067, 100462,
        99864, 99273, 98689, 98112, 97541, 96978, 96420, 95869, 95325, 94786, 94254, 93727,
        93206, 92691, 92182, 91678, 91180, 90687, 90200, 89717, 89240, 88768, 88301, 87838,
        87381, 86928, 86480, 86037, 85598, 85163, 84733, 84307, 83886, 83468, 83055, 82646,
        82241, 81840, 81442, 81049, 80659, 80273, 79891, 79512, 79137, 78766, 78398, 78033,
        77672, 77314, 76959, 76608, 76260, 75915, 75573, 75234, 74898, 74565, 74235, 73908,
        73584, 73262, 72944, 72628, 72315, 72005, 71697, 71392, 71089, 70789, 70492, 70197,
        69905, 69615, 69327, 69042, 68759, 68478, 68200, 67923, 67650, 67378, 67108, 66841,
        66576, 66313, 66052, 65793,
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

        int octant;
        if ((ax | ay) < 256)
        {
            // Short vectors (every edge): multiply by a reciprocal instead of dividing.
            var reciprocal = Reciprocal;
            octant = ax >= ay ? ArcTangent[(ay * reciprocal[ax]) >> 16] : 64 - ArcTangent[(ax * reciprocal[ay]) >> 16];
        }
        else
        {
            octant = ax >= ay ? ArcTangent[(ay << 8) / ax] : 64 - ArcTangent[(ax << 8) / ay];
        }
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

    /// <summary>The values below which <see cref="SquareRoot"/> reads a table (most neighbour distances are shorter than 6.4 mm).</summary>
    private const int SmallSquareRoots = 4096;

    /// <summary>floor(sqrt(v)) for v below 4096: a 4 KB ROM table on a card, built here once by counting.</summary>
    private static readonly byte[] SmallSquareRoot = BuildSmallSquareRoots();

    /// <summary>The integer square root, rounded down.</summary>
    /// <param name="value">A non-negative value below 2^18 (a squared distance on the 256 × 256 square is below 2^17).</param>
    /// <returns>floor(sqrt(value)).</returns>
    /// <remarks>The bit-by-bit method without branches in the loop: the distances it sees are random, so branches would mispredict half the time.</remarks>
    public static int SquareRoot(int value)
    {
        if ((uint)value < SmallSquareRoots)
        {
            return SmallSquareRoot[value];
        }

        var result = 0;
        for (var bit = 1 << 16; bit != 0; bit >>= 2)
        {
            var trial = result + bit;

            // All ones when value ≥ trial, else zero.
            var take = ~((value - trial) >> 31);
            value -= trial & take;
            result = (result >> 1) + (bit & take);
        }

        return result;
    }

    private static byte[] BuildSmallSquareRoots()
    {
        var table = new byte[SmallSquareRoots];
        var root = 0;
        for (var v = 0; v < SmallSquareRoots; v++)
        {
            if ((root + 1) * (root + 1) <= v)
            {
                root++;
            }

            table[v] = (byte)root;
        }

        return table;
    }
}
