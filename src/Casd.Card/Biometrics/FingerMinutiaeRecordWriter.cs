using System.Buffers.Binary;
using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// Encodes finger minutiae records in any of the formats the parser reads — for tests, for the
/// synthetic minutiae generator, and for tools that hand records to other systems.
/// </summary>
/// <remarks>
/// Extended data is not reproduced (every view gets an empty extended data block). Directions are
/// converted when a minutia's unit differs from the format's (rounded to the nearest unit).
/// ISO 2011 records get one quality block per view unless the view quality is 254 ("not reported"),
/// 6-byte minutiae unless every minutia quality is 254, and an unspecified capture date (all 0xFF).
/// </remarks>
public static class FingerMinutiaeRecordWriter
{
    /// <summary>Computes the encoded size of a record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The size in bytes.</returns>
    /// <exception cref="ArgumentException">The record cannot be represented in its format.</exception>
    public static int GetEncodedLength(FingerMinutiaeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Validate(record);
        var views = record.Views;
        switch (record.Format)
        {
            case FingerMinutiaeFormat.Iso19794Part2Version2005:
                return 24 + views.Sum(v => 4 + (6 * v.MinutiaCount) + 2);
            case FingerMinutiaeFormat.Ansi378Version2004:
                var body = 26 + views.Sum(v => 4 + (6 * v.MinutiaCount) + 2);
                return body <= 0xFFFF ? body : body + 4;
            case FingerMinutiaeFormat.Ansi378Version2009:
            case FingerMinutiaeFormat.Ansi378Version2009Amendment1:
                return 21 + views.Sum(v => 17 + (6 * v.MinutiaCount) + 2);
            default:
                return 15 + views.Sum(Iso2011RepresentationLength);
        }
    }

    /// <summary>Encodes a record into a new array.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The encoded record.</returns>
    /// <exception cref="ArgumentException">The record cannot be represented in its format.</exception>
    public static byte[] Write(FingerMinutiaeRecord record)
    {
        var buffer = new byte[GetEncodedLength(record)];
        Write(record, buffer);
        return buffer;
    }

    /// <summary>Encodes a record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="destination">Where to write; at least <see cref="GetEncodedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The record cannot be represented in its format, or the destination is too small.</exception>
    public static int Write(FingerMinutiaeRecord record, Span<byte> destination)
    {
        var length = GetEncodedLength(record);
        if (destination.Length < length)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The record needs {0} bytes.", length), nameof(destination));
        }

        var writer = new Writer(destination);
        "FMR\0"u8.CopyTo(destination);
        writer.Skip(4);
        var views = record.Views;
        switch (record.Format)
        {
            case FingerMinutiaeFormat.Iso19794Part2Version2005:
                writer.Bytes(" 20\0"u8);
                writer.UInt32((uint)length);
                writer.UInt16(0);
                WriteLegacyHeaderAndViews(ref writer, views, MinutiaAngleUnit.Iso256thOfCircle);
                break;
            case FingerMinutiaeFormat.Ansi378Version2004:
                writer.Bytes(" 20\0"u8);
                if (length <= 0xFFFF)
                {
                    writer.UInt16((ushort)length);
                }
                else
                {
                    writer.UInt16(0);
                    writer.UInt32((uint)length);
                }

                writer.UInt32(0);
                writer.UInt16(0);
                WriteLegacyHeaderAndViews(ref writer, views, MinutiaAngleUnit.Ansi2Degrees);
                break;
            case FingerMinutiaeFormat.Ansi378Version2009:
            case FingerMinutiaeFormat.Ansi378Version2009Amendment1:
                writer.Bytes(record.Format == FingerMinutiaeFormat.Ansi378Version2009 ? "030\0"u8 : "035\0"u8);
                writer.UInt32((uint)length);
                writer.UInt32(0);
                writer.Byte(0);
                writer.UInt16(0);
                writer.Byte((byte)views.Count);
                writer.Byte(0);
                foreach (var view in views)
                {
                    writer.Byte((byte)view.FingerPosition);
                    writer.Byte((byte)view.ViewNumber);
                    writer.Byte((byte)view.ImpressionType);
                    writer.Byte((byte)view.Quality);
                    writer.UInt16(0);
                    writer.UInt16(0);
                    WriteGeometry(ref writer, view);
                    WriteMinutiae(ref writer, view, MinutiaAngleUnit.Ansi2Degrees, withQuality: true);
                    writer.UInt16(0);
                }

                break;
            default:
                writer.Bytes("030\0"u8);
                writer.UInt32((uint)length);
                writer.UInt16((ushort)views.Count);
                writer.Byte(0);
                foreach (var view in views)
                {
                    writer.UInt32((uint)Iso2011RepresentationLength(view));
                    for (var i = 0; i < 9; i++)
                    {
                        writer.Byte(0xFF);
                    }

                    writer.Byte(0);
                    writer.UInt16(0);
                    writer.UInt16(0);
                    if (view.Quality == 254)
                    {
                        writer.Byte(0);
                    }
                    else
                    {
                        writer.Byte(1);
                        writer.Byte((byte)view.Quality);
                        writer.UInt16(0);
                        writer.UInt16(0);
                    }

                    writer.Byte((byte)view.FingerPosition);
                    writer.Byte((byte)view.ViewNumber);
                    writer.UInt16((ushort)view.ResolutionX);
                    writer.UInt16((ushort)view.ResolutionY);
                    writer.Byte((byte)view.ImpressionType);
                    writer.UInt16((ushort)view.Width);
                    writer.UInt16((ushort)view.Height);
                    var withQuality = HasMinutiaQuality(view);
                    writer.Byte((byte)((withQuality ? 6 : 5) << 4));
                    WriteMinutiae(ref writer, view, MinutiaAngleUnit.Iso256thOfCircle, withQuality);
                    writer.UInt16(0);
                }

                break;
        }

        return writer.Position;
    }

    /// <summary>Converts a minutia direction to another unit, rounding to the nearest unit.</summary>
    /// <param name="minutia">The minutia.</param>
    /// <param name="unit">The target unit.</param>
    /// <returns>The direction in <paramref name="unit"/>.</returns>
    public static int ConvertAngle(Minutia minutia, MinutiaAngleUnit unit)
    {
        if (minutia.AngleUnit == unit)
        {
            return minutia.Angle;
        }

        // Exact integer forms of round(degrees × 256 / 360) and round(degrees / 2).
        return unit == MinutiaAngleUnit.Iso256thOfCircle
            ? ((((minutia.Angle % 180) * 2 * 256 * 2) + 360) / 720) % 256
            : (((minutia.Angle * 45 * 2) + 64) / 128) % 180;
    }

    private static void Validate(FingerMinutiaeRecord record)
    {
        var legacy = record.Format is FingerMinutiaeFormat.Iso19794Part2Version2005 or FingerMinutiaeFormat.Ansi378Version2004;
        var first = record.Views[0];
        foreach (var view in record.Views)
        {
            if (legacy && (view.Width != first.Width || view.Height != first.Height || view.ResolutionX != first.ResolutionX || view.ResolutionY != first.ResolutionY))
            {
                throw new ArgumentException("ISO 19794-2:2005 and ANSI 378-2004 records store one image size and resolution for all views; the views differ.", nameof(record));
            }

            if (legacy && view.ImpressionType > 15)
            {
                throw new ArgumentException("ISO 19794-2:2005 and ANSI 378-2004 code the impression type in 4 bits.", nameof(record));
            }

            foreach (var minutia in view.Minutiae)
            {
                if (minutia.X >= view.Width || minutia.Y >= view.Height)
                {
                    throw new ArgumentException("A minutia lies outside its view's image.", nameof(record));
                }
            }
        }
    }

    private static int Iso2011RepresentationLength(FingerView view) =>
        4 + 9 + 1 + 2 + 2 + 1 + (view.Quality == 254 ? 0 : 5) + 1 + 1 + 2 + 2 + 1 + 2 + 2 + 1 + 1
        + ((HasMinutiaQuality(view) ? 6 : 5) * view.MinutiaCount) + 2;

    private static bool HasMinutiaQuality(FingerView view)
    {
        foreach (var minutia in view.Minutiae)
        {
            if (minutia.Quality != 254)
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteLegacyHeaderAndViews(ref Writer writer, IReadOnlyList<FingerView> views, MinutiaAngleUnit unit)
    {
        WriteGeometry(ref writer, views[0]);
        writer.Byte((byte)views.Count);
        writer.Byte(0);
        foreach (var view in views)
        {
            writer.Byte((byte)view.FingerPosition);
            writer.Byte((byte)((view.ViewNumber << 4) | view.ImpressionType));
            writer.Byte((byte)view.Quality);
            WriteMinutiae(ref writer, view, unit, withQuality: true);
            writer.UInt16(0);
        }
    }

    private static void WriteGeometry(ref Writer writer, FingerView view)
    {
        writer.UInt16((ushort)view.Width);
        writer.UInt16((ushort)view.Height);
        writer.UInt16((ushort)view.ResolutionX);
        writer.UInt16((ushort)view.ResolutionY);
    }

    private static void WriteMinutiae(ref Writer writer, FingerView view, MinutiaAngleUnit unit, bool withQuality)
    {
        writer.Byte((byte)view.MinutiaCount);
        foreach (var minutia in view.Minutiae)
        {
            writer.UInt16((ushort)(((int)minutia.Type << 14) | minutia.X));
            writer.UInt16((ushort)minutia.Y);
            writer.Byte((byte)ConvertAngle(minutia, unit));
            if (withQuality)
            {
                writer.Byte((byte)minutia.Quality);
            }
        }
    }

    private ref struct Writer(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public void Skip(int count) => Position += count;

        public void Byte(byte value) => _destination[Position++] = value;

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_destination[Position..]);
            Position += value.Length;
        }

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], value);
            Position += 2;
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_destination[Position..], value);
            Position += 4;
        }
    }
}
