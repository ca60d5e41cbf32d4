using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// Converts a finger view to the ISO/IEC 19794-2 compact card format (see <see cref="CompactMinutia"/>
/// for the byte layout), as a card's BIT demands it. Integer arithmetic only, so the same input gives
/// the same bytes everywhere; intermediate buffers live on the stack and are cleared before returning.
/// </summary>
/// <remarks>
/// <para>The steps, in order (docs/biometrics.md gives the rationale):</para>
/// <list type="number">
/// <item>Position: <c>round(pixels × 100 / (pixels per cm))</c> in 0.1 mm, rounding halves up.</item>
/// <item>Direction: degrees × 64 / 360 rounded half up; 64 (a direction just below 360°) wraps to 0.</item>
/// <item>Range: if any X (or Y) exceeds 255, that axis is shifted so the centre of mass of all the view's
/// minutiae lands on 128; minutiae still outside 0–255 are dropped.</item>
/// <item>Selection: when more minutiae remain than the card's maximum, keep the highest quality first
/// (qualities above 100 — "not reported", "failed" — count as 0), then the closest to the centre of mass
/// computed before any removal, then bifurcations before other types before ridge endings, then the smaller direction,
/// then record order.</item>
/// <item>Order: sort the kept minutiae as the BIT's minutiae order byte says; with no order they keep record order.</item>
/// </list>
/// </remarks>
public static class CompactCardConverter
{
    /// <summary>Gets the largest number of bytes a conversion can write.</summary>
    /// <param name="view">The view to convert.</param>
    /// <param name="parameters">The card's parameters.</param>
    /// <returns>3 × min(minutiae in the view, the card's maximum).</returns>
    public static int GetMaxEncodedLength(FingerView view, BiometricMatchingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(parameters);
        return CompactMinutia.EncodedLength * Math.Min(view.MinutiaCount, parameters.MaximumMinutiae);
    }

    /// <summary>Converts a view into compact-card minutiae.</summary>
    /// <param name="view">The view (its resolution must be 50–2000 px/cm).</param>
    /// <param name="parameters">The card's parameters: maximum count and order.</param>
    /// <param name="destination">Where to write; at least <see cref="GetMaxEncodedLength"/> bytes. The caller clears it after use.</param>
    /// <returns>How many minutiae were written and how many dropped.</returns>
    /// <exception cref="ArgumentException">The destination is too small, or the view has no usable resolution.</exception>
    public static CompactConversionResult Convert(FingerView view, BiometricMatchingParameters parameters, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(parameters);
        var required = GetMaxEncodedLength(view, parameters);
        if (destination.Length < required)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "The destination holds {0} bytes; the conversion may need {1}.", destination.Length, required),
                nameof(destination));
        }

        if (view.ResolutionX is < FingerMinutiaeRecord.MinimumResolution or > FingerMinutiaeRecord.MaximumResolution
            || view.ResolutionY is < FingerMinutiaeRecord.MinimumResolution or > FingerMinutiaeRecord.MaximumResolution)
        {
            throw new ArgumentException("The view's resolution is outside 50–2000 px/cm, so its minutiae cannot be placed in millimetres.", nameof(view));
        }

        var count = view.MinutiaCount;
        Span<Candidate> candidates = stackalloc Candidate[count];
        try
        {
            return ConvertCore(view, parameters, candidates, destination);
        }
        finally
        {
            candidates.Clear();
        }
    }

    /// <summary>Converts a direction to the compact format's 6-bit steps.</summary>
    /// <param name="angle">The direction in <paramref name="unit"/>.</param>
    /// <param name="unit">The record's angle unit.</param>
    /// <returns>0–63.</returns>
    public static int ToCompactAngle(int angle, MinutiaAngleUnit unit)
    {
        var steps = unit switch
        {
            // 360/256 degrees a unit: steps = angle × 64 / 256, rounded half up.
            MinutiaAngleUnit.Iso256thOfCircle => (angle + 2) / 4,

            // 2 degrees a unit: steps = angle × 2 × 64 / 360 = angle × 16 / 45, rounded half up; values past 179 wrap.
            MinutiaAngleUnit.Ansi2Degrees => ((angle % 180 * 32) + 45) / 90,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), "Unknown angle unit."),
        };
        return steps % CompactMinutia.AngleSteps;
    }

    /// <summary>Converts a pixel coordinate to units of 0.1 mm, rounding halves up.</summary>
    /// <param name="pixels">The coordinate in pixels.</param>
    /// <param name="pixelsPerCentimetre">The resolution.</param>
    /// <returns>The coordinate in 0.1 mm.</returns>
    public static int ToTenthsOfMillimetre(int pixels, int pixelsPerCentimetre)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerCentimetre);
        return (int)(((pixels * 200L) + pixelsPerCentimetre) / (2L * pixelsPerCentimetre));
    }

    private static CompactConversionResult ConvertCore(FingerView view, BiometricMatchingParameters parameters, Span<Candidate> candidates, Span<byte> destination)
    {
        var minutiae = view.Minutiae;
        var count = minutiae.Length;
        long sumX = 0, sumY = 0;
        int maxX = 0, maxY = 0;
        for (var i = 0; i < count; i++)
        {
            var m = minutiae[i];
            var x = ToTenthsOfMillimetre(m.X, view.ResolutionX);
            var y = ToTenthsOfMillimetre(m.Y, view.ResolutionY);
            sumX += x;
            sumY += y;
            maxX = Math.Max(maxX, x);
            maxY = Math.Max(maxY, y);
            candidates[i] = new Candidate
            {
                X = x,
                Y = y,
                Index = i,
                Type = (int)m.Type,
                Angle = ToCompactAngle(m.Angle, m.AngleUnit),
                Quality = m.Quality <= 100 ? m.Quality : 0,
            };
        }

        var centreX = count == 0 ? 0 : RoundDivide(sumX, count);
        var centreY = count == 0 ? 0 : RoundDivide(sumY, count);
        var shiftX = maxX > 255 ? 128 - centreX : 0;
        var shiftY = maxY > 255 ? 128 - centreY : 0;

        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var c = candidates[i];
            var dx = (long)(c.X - centreX);
            var dy = (long)(c.Y - centreY);
            c.DistanceSquared = (dx * dx) + (dy * dy);
            c.X += shiftX;
            c.Y += shiftY;
            if (c.X is >= 0 and <= 255 && c.Y is >= 0 and <= 255)
            {
                candidates[kept++] = c;
            }
        }

        var droppedOutside = count - kept;
        var droppedOver = 0;
        if (kept > parameters.MaximumMinutiae)
        {
            InsertionSort(candidates[..kept], default(KeepPriority));
            droppedOver = kept - parameters.MaximumMinutiae;
            kept = parameters.MaximumMinutiae;
        }

        var selected = candidates[..kept];
        Order(selected, parameters.Order);
        for (var i = 0; i < kept; i++)
        {
            var c = selected[i];
            new CompactMinutia(c.X, c.Y, (MinutiaType)c.Type, c.Angle).Write(destination[(i * CompactMinutia.EncodedLength)..]);
        }

        return new CompactConversionResult(kept, droppedOutside, droppedOver, maxX > 255 || maxY > 255);
    }

    private static void Order(Span<Candidate> selected, MinutiaeOrder order)
    {
        var descending = order.Direction == MinutiaeOrderDirection.Descending;
        switch (order.Method)
        {
            case MinutiaeOrderMethod.None:
                InsertionSort(selected, default(RecordOrder));
                break;
            case MinutiaeOrderMethod.CartesianXY:
                InsertionSort(selected, new Cartesian(descending, yFirst: false));
                break;
            case MinutiaeOrderMethod.CartesianYX:
                InsertionSort(selected, new Cartesian(descending, yFirst: true));
                break;
            case MinutiaeOrderMethod.Angle:
                InsertionSort(selected, new ByAngle(descending));
                break;
            case MinutiaeOrderMethod.Polar:
                long sumX = 0, sumY = 0;
                foreach (var c in selected)
                {
                    sumX += c.X;
                    sumY += c.Y;
                }

                // Work in coordinates scaled by the count so the centre of mass stays an exact integer.
                var n = selected.Length;
                for (var i = 0; i < n; i++)
                {
                    selected[i].PolarX = (selected[i].X * (long)n) - sumX;
                    selected[i].PolarY = sumY - (selected[i].Y * (long)n);
                }

                InsertionSort(selected, new Polar(descending));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(order), "Unknown minutiae order method.");
        }
    }

    private static int RoundDivide(long numerator, int denominator) => (int)(((2 * numerator) + denominator) / (2L * denominator));

    // Stable, allocation-free and plenty fast for at most 255 items.
    private static void InsertionSort<TComparer>(Span<Candidate> items, TComparer comparer)
        where TComparer : struct, IComparer<Candidate>
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }

    private static int Directed(int comparison, bool descending) => descending ? -comparison : comparison;

    private struct Candidate
    {
        public int X;
        public int Y;
        public int Index;
        public int Type;
        public int Angle;
        public int Quality;
        public long DistanceSquared;
        public long PolarX;
        public long PolarY;
    }

    private readonly struct KeepPriority : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b)
        {
            var c = b.Quality.CompareTo(a.Quality);
            if (c == 0)
            {
                c = a.DistanceSquared.CompareTo(b.DistanceSquared);
            }

            if (c == 0)
            {
                c = TypeRank(a.Type).CompareTo(TypeRank(b.Type));
            }

            if (c == 0)
            {
                c = a.Angle.CompareTo(b.Angle);
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }

        // ISO/IEC 19794-2 removes ridge endings first among otherwise equal minutiae.
        private static int TypeRank(int type) => type switch
        {
            (int)MinutiaType.RidgeBifurcation => 0,
            (int)MinutiaType.Other => 1,
            _ => 2,
        };
    }

    private readonly struct RecordOrder : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b) => a.Index.CompareTo(b.Index);
    }

    private readonly struct Cartesian(bool descending, bool yFirst) : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b)
        {
            var (a1, a2, b1, b2) = yFirst ? (a.Y, a.X, b.Y, b.X) : (a.X, a.Y, b.X, b.Y);
            var c = a1.CompareTo(b1);
            if (c == 0)
            {
                c = a2.CompareTo(b2);
            }

            if (c == 0)
            {
                c = a.Angle.CompareTo(b.Angle);
            }

            return c != 0 ? Directed(c, descending) : a.Index.CompareTo(b.Index);
        }
    }

    private readonly struct ByAngle(bool descending) : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b)
        {
            var c = a.Angle.CompareTo(b.Angle);
            if (c == 0)
            {
                c = a.X.CompareTo(b.X);
            }

            if (c == 0)
            {
                c = a.Y.CompareTo(b.Y);
            }

            return c != 0 ? Directed(c, descending) : a.Index.CompareTo(b.Index);
        }
    }

    private readonly struct Polar(bool descending) : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b)
        {
            var ra = (a.PolarX * a.PolarX) + (a.PolarY * a.PolarY);
            var rb = (b.PolarX * b.PolarX) + (b.PolarY * b.PolarY);
            var c = ra.CompareTo(rb);
            if (c == 0)
            {
                c = ComparePolarAngle(a, b);
            }

            return c != 0 ? Directed(c, descending) : a.Index.CompareTo(b.Index);
        }

        // Exact comparison of the polar angle in [0, 360) without trigonometry: half-plane first, then the cross product.
        private static int ComparePolarAngle(Candidate a, Candidate b)
        {
            var ha = HalfPlane(a.PolarX, a.PolarY);
            var hb = HalfPlane(b.PolarX, b.PolarY);
            if (ha != hb)
            {
                return ha.CompareTo(hb);
            }

            var cross = (a.PolarX * b.PolarY) - (a.PolarY * b.PolarX);
            return cross > 0 ? -1 : cross < 0 ? 1 : 0;
        }

        private static int HalfPlane(long x, long y) => y > 0 || (y == 0 && x >= 0) ? 0 : 1;
    }
}
