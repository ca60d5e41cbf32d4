using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// Parses finger minutiae records. Every field is bounds-checked; anything the standards forbid and
/// that would otherwise become a silent wrong value raises <see cref="BiometricDataFormatException"/>.
/// Extended data blocks are skipped by their declared length and never interpreted.
/// </summary>
internal static class FingerMinutiaeRecordReader
{
    private const int Iso2011MinimumRepresentationLength = 4 + 9 + 1 + 2 + 2 + 1 + 1 + 1 + 2 + 2 + 1 + 2 + 2 + 1 + 1 + 2;

    private static ReadOnlySpan<byte> Magic => "FMR\0"u8;

    private static ReadOnlySpan<byte> Version20 => " 20\0"u8;

    // fingerprintio-java's ANSI 378-2004 sample writes "020\0"; the layout is unambiguous, so it is accepted as 2004.
    private static ReadOnlySpan<byte> Version20ZeroPadded => "020\0"u8;

    private static ReadOnlySpan<byte> Version30 => "030\0"u8;

    private static ReadOnlySpan<byte> Version35 => "035\0"u8;

    public static FingerMinutiaeRecord Read(ReadOnlySpan<byte> data) => Read(data, DetectFormat(data));

    public static FingerMinutiaeRecord Read(ReadOnlySpan<byte> data, FingerMinutiaeFormat format)
    {
        CheckIdentifier(data, format);
        var cursor = new RecordCursor(data);
        cursor.Skip(8, "the format identifier and version");
        var parsed = format switch
        {
            FingerMinutiaeFormat.Iso19794Part2Version2005 => ReadIso2005(ref cursor, data.Length),
            FingerMinutiaeFormat.Ansi378Version2004 => ReadAnsi2004(ref cursor, data.Length),
            FingerMinutiaeFormat.Ansi378Version2009 or FingerMinutiaeFormat.Ansi378Version2009Amendment1 => ReadAnsi2009(ref cursor, data.Length),
            FingerMinutiaeFormat.Iso19794Part2Version2011 => ReadIso2011(ref cursor, data.Length),
            _ => throw new ArgumentOutOfRangeException(nameof(format), "Unknown finger minutiae format."),
        };

        var end = cursor.Position;
        if (end != data.Length)
        {
            throw RecordCursor.Fault(end, string.Format(
                CultureInfo.InvariantCulture,
                "{0} byte(s) follow the last finger view; the data must hold exactly one record",
                data.Length - end));
        }

        var shortfall = end - parsed.DeclaredLength;

        // Known producer defect (decision 0040): the length field misses 1 or 2 bytes of miscounted
        // extended data. Anything else is a wrong length field.
        if (shortfall != 0 && !(shortfall is 1 or 2 && parsed.HasExtendedData))
        {
            throw RecordCursor.Fault(8, string.Format(
                CultureInfo.InvariantCulture,
                "the record length field says {0} bytes but the record's structure spans {1}",
                parsed.DeclaredLength,
                end));
        }

        return new FingerMinutiaeRecord(format, parsed.Views, (int)parsed.DeclaredLength, (int)shortfall);
    }

    public static FingerMinutiaeFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            throw RecordCursor.Fault(0, "the record is truncated: the 8-byte format identifier and version are missing");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            throw RecordCursor.Fault(0, "the format identifier is not 'FMR\\0', so this is not a finger minutiae record");
        }

        var version = data.Slice(4, 4);
        if (version.SequenceEqual(Version20))
        {
            return DetectVersion20(data);
        }

        if (version.SequenceEqual(Version20ZeroPadded))
        {
            return FingerMinutiaeFormat.Ansi378Version2004;
        }

        if (version.SequenceEqual(Version30))
        {
            return LooksLikeIso2011(data) ? FingerMinutiaeFormat.Iso19794Part2Version2011 : FingerMinutiaeFormat.Ansi378Version2009;
        }

        if (version.SequenceEqual(Version35))
        {
            return FingerMinutiaeFormat.Ansi378Version2009Amendment1;
        }

        throw RecordCursor.Fault(4, string.Format(
            CultureInfo.InvariantCulture,
            "unsupported version {0:X8}; supported are ' 20' (ISO 19794-2:2005, ANSI 378-2004), '030' (ISO 19794-2:2011, ANSI 378-2009) and '035' (ANSI 378-2009/Amd 1)",
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(version)));
    }

    private static void CheckIdentifier(ReadOnlySpan<byte> data, FingerMinutiaeFormat format)
    {
        var detected = DetectFormat(data);
        var version = data.Slice(4, 4);
        var compatible = format switch
        {
            FingerMinutiaeFormat.Iso19794Part2Version2005 => version.SequenceEqual(Version20),
            FingerMinutiaeFormat.Ansi378Version2004 => version.SequenceEqual(Version20) || version.SequenceEqual(Version20ZeroPadded),
            FingerMinutiaeFormat.Iso19794Part2Version2011 or FingerMinutiaeFormat.Ansi378Version2009 => version.SequenceEqual(Version30),
            FingerMinutiaeFormat.Ansi378Version2009Amendment1 => version.SequenceEqual(Version35),
            _ => throw new ArgumentOutOfRangeException(nameof(format), "Unknown finger minutiae format."),
        };
        if (!compatible)
        {
            throw RecordCursor.Fault(4, string.Format(
                CultureInfo.InvariantCulture,
                "the version field does not belong to {0} (the header looks like {1})",
                format,
                detected));
        }
    }

    private static FingerMinutiaeFormat DetectVersion20(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12)
        {
            throw RecordCursor.Fault(8, "the record is truncated inside the record length field");
        }

        // ISO 2005 has a 4-byte length, ANSI 2004 a 2-byte one (or 0 followed by 4 bytes). The smallest
        // ANSI record is 26 bytes, so a non-zero first half below 26 can only be the top of an ISO length.
        var first = (data[8] << 8) | data[9];
        if (first >= 26)
        {
            return FingerMinutiaeFormat.Ansi378Version2004;
        }

        if (first > 0)
        {
            return FingerMinutiaeFormat.Iso19794Part2Version2005;
        }

        var second = (data[10] << 8) | data[11];
        return second >= 24 ? FingerMinutiaeFormat.Iso19794Part2Version2005 : FingerMinutiaeFormat.Ansi378Version2004;
    }

    private static bool LooksLikeIso2011(ReadOnlySpan<byte> data)
    {
        // ISO 2011 and ANSI 2009 share "030"; only ISO's chain of representation lengths ends exactly at the data's end.
        if (data.Length < 15)
        {
            return false;
        }

        var count = (data[12] << 8) | data[13];
        long position = 15;
        for (var i = 0; i < count; i++)
        {
            if (position + 4 > data.Length)
            {
                return false;
            }

            var p = (int)position;
            long length = ((uint)data[p] << 24) | ((uint)data[p + 1] << 16) | ((uint)data[p + 2] << 8) | data[p + 3];
            if (length < Iso2011MinimumRepresentationLength)
            {
                return false;
            }

            position += length;
        }

        return count > 0 && position == data.Length;
    }

    private static ParsedRecord ReadIso2005(ref RecordCursor cursor, int available)
    {
        var declared = cursor.ReadUInt32("the record length");
        CheckDeclaredLength(declared, available);
        cursor.ReadUInt16("the capture equipment");
        var geometry = ReadGeometry(ref cursor, "the record header");
        return ReadLegacyViews(ref cursor, declared, geometry, MinutiaAngleUnit.Iso256thOfCircle);
    }

    private static ParsedRecord ReadAnsi2004(ref RecordCursor cursor, int available)
    {
        long declared = cursor.ReadUInt16("the record length");
        if (declared == 0)
        {
            declared = cursor.ReadUInt32("the 4-byte record length");
        }

        CheckDeclaredLength(declared, available);
        cursor.ReadUInt32("the CBEFF product identifier");
        cursor.ReadUInt16("the capture equipment");
        var geometry = ReadGeometry(ref cursor, "the record header");
        return ReadLegacyViews(ref cursor, declared, geometry, MinutiaAngleUnit.Ansi2Degrees);
    }

    private static ImageGeometry ReadGeometry(ref RecordCursor cursor, string where)
    {
        var offset = cursor.Position;
        var geometry = new ImageGeometry(
            cursor.ReadUInt16("the image width"),
            cursor.ReadUInt16("the image height"),
            cursor.ReadUInt16("the horizontal resolution"),
            cursor.ReadUInt16("the vertical resolution"));
        geometry.Validate(offset, where);
        return geometry;
    }

    private static ParsedRecord ReadLegacyViews(ref RecordCursor cursor, long declared, ImageGeometry geometry, MinutiaAngleUnit unit)
    {
        var viewCount = cursor.ReadByte("the number of finger views");
        cursor.ReadByte("the reserved header byte");
        if (viewCount == 0)
        {
            throw RecordCursor.Fault(cursor.Position - 2, "the record declares zero finger views");
        }

        var views = new FingerView[viewCount];
        var hasExtendedData = false;
        for (var v = 0; v < viewCount; v++)
        {
            var position = cursor.ReadByte("the finger position");
            var viewAndImpression = cursor.ReadByte("the view number and impression type");
            var quality = cursor.ReadByte("the finger quality");
            var minutiae = ReadMinutiae(ref cursor, v, geometry, unit, withQuality: true);
            var extended = SkipExtendedData(ref cursor, v);
            hasExtendedData |= extended > 0;
            views[v] = new FingerView(
                (FingerPosition)position,
                viewAndImpression >> 4,
                viewAndImpression & 0x0F,
                quality,
                geometry.Width,
                geometry.Height,
                geometry.ResolutionX,
                geometry.ResolutionY,
                minutiae,
                extended);
        }

        return new ParsedRecord(views, declared, hasExtendedData);
    }

    private static ParsedRecord ReadAnsi2009(ref RecordCursor cursor, int available)
    {
        var declared = cursor.ReadUInt32("the record length");
        CheckDeclaredLength(declared, available);
        cursor.ReadUInt32("the CBEFF product identifier");
        cursor.ReadByte("the capture equipment compliance");
        cursor.ReadUInt16("the capture equipment identifier");
        var viewCount = cursor.ReadByte("the number of finger views");
        cursor.ReadByte("the reserved header byte");
        if (viewCount == 0)
        {
            throw RecordCursor.Fault(cursor.Position - 2, "the record declares zero finger views");
        }

        var views = new FingerView[viewCount];
        var hasExtendedData = false;
        for (var v = 0; v < viewCount; v++)
        {
            var position = cursor.ReadByte("the finger position");
            var viewOffset = cursor.Position;
            var viewNumber = cursor.ReadByte("the view number");
            if (viewNumber > 15)
            {
                throw RecordCursor.Fault(viewOffset, string.Format(CultureInfo.InvariantCulture, "finger view {0} has view number {1}, above the maximum of 15", v, viewNumber));
            }

            var impression = cursor.ReadByte("the impression type");
            var quality = cursor.ReadByte("the finger quality");
            cursor.ReadUInt16("the quality algorithm vendor");
            cursor.ReadUInt16("the quality algorithm");
            var geometry = ReadGeometry(ref cursor, string.Format(CultureInfo.InvariantCulture, "finger view {0}", v));
            var minutiae = ReadMinutiae(ref cursor, v, geometry, MinutiaAngleUnit.Ansi2Degrees, withQuality: true);
            var extended = SkipExtendedData(ref cursor, v);
            hasExtendedData |= extended > 0;
            views[v] = new FingerView(
                (FingerPosition)position,
                viewNumber,
                impression,
                quality,
                geometry.Width,
                geometry.Height,
                geometry.ResolutionX,
                geometry.ResolutionY,
                minutiae,
                extended);
        }

        return new ParsedRecord(views, declared, hasExtendedData);
    }

    private static ParsedRecord ReadIso2011(ref RecordCursor cursor, int available)
    {
        var declared = cursor.ReadUInt32("the record length");
        CheckDeclaredLength(declared, available);
        var countOffset = cursor.Position;
        var count = cursor.ReadUInt16("the number of representations");
        var certificationFlagOffset = cursor.Position;
        var certificationFlag = cursor.ReadByte("the certification flag");
        if (certificationFlag > 1)
        {
            throw RecordCursor.Fault(certificationFlagOffset, "the certification flag must be 0 or 1");
        }

        if (count == 0)
        {
            throw RecordCursor.Fault(countOffset, "the record declares zero finger views");
        }

        if (count > 255)
        {
            throw RecordCursor.Fault(countOffset, string.Format(CultureInfo.InvariantCulture, "the record declares {0} representations; at most 255 are supported", count));
        }

        var views = new FingerView[count];
        var hasExtendedData = false;
        for (var v = 0; v < count; v++)
        {
            var start = cursor.Position;
            var length = cursor.ReadUInt32("the representation length");
            if (length < Iso2011MinimumRepresentationLength || length > available - start)
            {
                throw RecordCursor.Fault(start, string.Format(
                    CultureInfo.InvariantCulture,
                    "representation {0} declares {1} bytes; it needs at least {2} and at most the {3} that remain",
                    v,
                    length,
                    Iso2011MinimumRepresentationLength,
                    available - start));
            }

            cursor.Skip(9, "the capture date and time");
            cursor.ReadByte("the capture device technology");
            cursor.ReadUInt16("the capture device vendor");
            cursor.ReadUInt16("the capture device type");
            var qualityCount = cursor.ReadByte("the number of quality blocks");
            var quality = 254;
            for (var q = 0; q < qualityCount; q++)
            {
                var score = cursor.ReadByte("a quality score");
                cursor.ReadUInt16("a quality algorithm vendor");
                cursor.ReadUInt16("a quality algorithm");
                if (q == 0)
                {
                    quality = score;
                }
            }

            if (certificationFlag != 0)
            {
                var certifications = cursor.ReadByte("the number of certification blocks");
                cursor.Skip(3 * certifications, "the certification blocks");
            }

            var position = cursor.ReadByte("the finger position");
            var numberOffset = cursor.Position;
            var representationNumber = cursor.ReadByte("the representation number");
            if (representationNumber > 15)
            {
                throw RecordCursor.Fault(numberOffset, string.Format(CultureInfo.InvariantCulture, "representation {0} has view number {1}, above the maximum of 15", v, representationNumber));
            }

            var resolutionX = cursor.ReadUInt16("the horizontal resolution");
            var resolutionY = cursor.ReadUInt16("the vertical resolution");
            var impression = cursor.ReadByte("the impression type");
            var sizeOffset = cursor.Position;
            var geometry = new ImageGeometry(cursor.ReadUInt16("the image width"), cursor.ReadUInt16("the image height"), resolutionX, resolutionY);
            geometry.Validate(sizeOffset, string.Format(CultureInfo.InvariantCulture, "representation {0}", v));
            var fieldOffset = cursor.Position;
            var field = cursor.ReadByte("the minutia field length and ending type");
            var minutiaLength = field >> 4;
            if (minutiaLength is not (5 or 6))
            {
                throw RecordCursor.Fault(fieldOffset, string.Format(CultureInfo.InvariantCulture, "representation {0} declares {1}-byte minutiae; only 5 or 6 are defined", v, minutiaLength));
            }

            var minutiae = ReadMinutiae(ref cursor, v, geometry, MinutiaAngleUnit.Iso256thOfCircle, withQuality: minutiaLength == 6);
            var extended = SkipExtendedData(ref cursor, v);
            hasExtendedData |= extended > 0;
            if (cursor.Position != start + length)
            {
                throw RecordCursor.Fault(start, string.Format(
                    CultureInfo.InvariantCulture,
                    "representation {0} declares {1} bytes but its content spans {2}",
                    v,
                    length,
                    cursor.Position - start));
            }

            views[v] = new FingerView(
                (FingerPosition)position,
                representationNumber,
                impression,
                quality,
                geometry.Width,
                geometry.Height,
                geometry.ResolutionX,
                geometry.ResolutionY,
                minutiae,
                extended);
        }

        return new ParsedRecord(views, declared, hasExtendedData);
    }

    private static Minutia[] ReadMinutiae(ref RecordCursor cursor, int view, ImageGeometry geometry, MinutiaAngleUnit unit, bool withQuality)
    {
        var count = cursor.ReadByte("the number of minutiae");
        var size = withQuality ? 6 : 5;
        if (count * size > cursor.Remaining)
        {
            throw cursor.Fault(string.Format(
                CultureInfo.InvariantCulture,
                "finger view {0} declares {1} minutiae ({2} bytes) but only {3} bytes remain",
                view,
                count,
                count * size,
                cursor.Remaining));
        }

        var minutiae = new Minutia[count];
        for (var i = 0; i < count; i++)
        {
            var offset = cursor.Position;
            var typeAndX = cursor.ReadUInt16("a minutia position");
            var reservedAndY = cursor.ReadUInt16("a minutia position");
            var angle = cursor.ReadByte("a minutia direction");
            int quality = withQuality ? cursor.ReadByte("a minutia quality") : 254;
            var type = typeAndX >> 14;
            var x = typeAndX & Minutia.MaxCoordinate;
            var y = reservedAndY & Minutia.MaxCoordinate;
            string? problem = null;
            if (type == 3)
            {
                problem = "has the reserved type code 11";
            }
            else if (reservedAndY >> 14 != 0)
            {
                problem = "has its reserved bits set";
            }
            else if (x >= geometry.Width || y >= geometry.Height)
            {
                problem = string.Format(CultureInfo.InvariantCulture, "lies outside the {0}x{1} image", geometry.Width, geometry.Height);
            }

            if (problem is not null)
            {
                throw RecordCursor.Fault(offset, string.Format(CultureInfo.InvariantCulture, "minutia {0} of finger view {1} {2}", i, view, problem));
            }

            minutiae[i] = new Minutia((MinutiaType)type, x, y, angle, unit, quality);
        }

        return minutiae;
    }

    private static int SkipExtendedData(ref RecordCursor cursor, int view)
    {
        var length = cursor.ReadUInt16("the extended data block length");
        if (length > cursor.Remaining)
        {
            throw cursor.Fault(string.Format(
                CultureInfo.InvariantCulture,
                "finger view {0} declares {1} bytes of extended data but only {2} remain",
                view,
                length,
                cursor.Remaining));
        }

        cursor.Skip(length, "the extended data");
        return length;
    }

    private static void CheckDeclaredLength(long declared, int available)
    {
        if (declared > available)
        {
            throw RecordCursor.Fault(8, string.Format(
                CultureInfo.InvariantCulture,
                "the record is truncated: its length field says {0} bytes but only {1} are present",
                declared,
                available));
        }
    }

    private readonly record struct ParsedRecord(FingerView[] Views, long DeclaredLength, bool HasExtendedData);

    private readonly record struct ImageGeometry(int Width, int Height, int ResolutionX, int ResolutionY)
    {
        public void Validate(int offset, string where)
        {
            if (Width == 0 || Height == 0)
            {
                throw RecordCursor.Fault(offset, string.Format(CultureInfo.InvariantCulture, "{0} gives an empty image size ({1}x{2})", where, Width, Height));
            }

            if (!IsPlausible(ResolutionX) || !IsPlausible(ResolutionY))
            {
                throw RecordCursor.Fault(offset, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} gives a resolution of {1}x{2} px/cm; {3}–{4} px/cm is required to place minutiae in millimetres",
                    where,
                    ResolutionX,
                    ResolutionY,
                    FingerMinutiaeRecord.MinimumResolution,
                    FingerMinutiaeRecord.MaximumResolution));
            }
        }

        private static bool IsPlausible(int resolution) =>
            resolution is >= FingerMinutiaeRecord.MinimumResolution and <= FingerMinutiaeRecord.MaximumResolution;
    }
}
