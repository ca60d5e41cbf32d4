using Casd.Card.Biometrics;
using CsCheck;

namespace Casd.Card.Tests.Biometrics;

/// <summary>CsCheck generators of valid finger minutiae records in every format.</summary>
internal static class RecordGenerators
{
    public static readonly FingerMinutiaeFormat[] AllFormats =
    [
        FingerMinutiaeFormat.Iso19794Part2Version2005,
        FingerMinutiaeFormat.Iso19794Part2Version2011,
        FingerMinutiaeFormat.Ansi378Version2004,
        FingerMinutiaeFormat.Ansi378Version2009,
        FingerMinutiaeFormat.Ansi378Version2009Amendment1,
    ];

    public static Gen<FingerMinutiaeRecord> Record(FingerMinutiaeFormat format, int maxViews = 3, int maxMinutiae = 40)
    {
        var legacy = format is FingerMinutiaeFormat.Iso19794Part2Version2005 or FingerMinutiaeFormat.Ansi378Version2004;
        return from geometry in Geometry
               from viewCount in Gen.Int[1, maxViews]
               from views in View(format, legacy ? Gen.Const(geometry) : Geometry, maxMinutiae).Array[viewCount]
               select new FingerMinutiaeRecord(format, views);
    }

    public static Gen<FingerMinutiaeRecord> AnyRecord(int maxViews = 3, int maxMinutiae = 40) =>
        from format in Gen.OneOf(AllFormats)
        from record in Record(format, maxViews, maxMinutiae)
        select record;

    public static Gen<FingerView> View(FingerMinutiaeFormat format, Gen<(int Width, int Height, int ResX, int ResY)> geometry, int maxMinutiae)
    {
        var iso2011 = format == FingerMinutiaeFormat.Iso19794Part2Version2011;
        var unit = format is FingerMinutiaeFormat.Iso19794Part2Version2005 or FingerMinutiaeFormat.Iso19794Part2Version2011
            ? MinutiaAngleUnit.Iso256thOfCircle
            : MinutiaAngleUnit.Ansi2Degrees;
        var quality = iso2011 ? Gen.Frequency((4, Gen.Int[0, 100]), (1, Gen.Const(254))) : Gen.Int[0, 100];
        return from g in geometry
               from position in Gen.Int[0, 10]
               from viewNumber in Gen.Int[0, 15]
               from impression in Gen.Int[0, 15]
               from viewQuality in quality
               from minutiae in Minutia(g.Width, g.Height, unit, quality).Array[0, maxMinutiae]
               select new FingerView((FingerPosition)position, viewNumber, impression, viewQuality, g.Width, g.Height, g.ResX, g.ResY, minutiae);
    }

    public static Gen<Minutia> Minutia(int width, int height, MinutiaAngleUnit unit, Gen<int> quality) =>
        from type in Gen.Int[0, 2]
        from x in Gen.Int[0, width - 1]
        from y in Gen.Int[0, height - 1]
        from angle in Gen.Int[0, Casd.Card.Biometrics.Minutia.MaxAngle(unit)]
        from q in quality
        select new Minutia((MinutiaType)type, x, y, angle, unit, q);

    private static Gen<(int Width, int Height, int ResX, int ResY)> Geometry =>
        from width in Gen.Int[1, 2000]
        from height in Gen.Int[1, 2000]
        from resX in Gen.Int[FingerMinutiaeRecord.MinimumResolution, FingerMinutiaeRecord.MaximumResolution]
        from resY in Gen.Int[FingerMinutiaeRecord.MinimumResolution, FingerMinutiaeRecord.MaximumResolution]
        select (width, height, resX, resY);
}
