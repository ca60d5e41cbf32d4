using System.Text.Json;
using Casd.Card.Biometrics;

namespace Casd.Card.Tests.Biometrics;

public class KnownAnswerRecordTests
{
    public static TheoryData<string, string, FingerMinutiaeFormat> Samples => new()
    {
        { "iso19794p2v2005-sample.dat", "iso19794p2v2005-sample.json", FingerMinutiaeFormat.Iso19794Part2Version2005 },
        { "iso19794p2v2011-sample.dat", "iso19794p2v2011-sample.json", FingerMinutiaeFormat.Iso19794Part2Version2011 },
        { "ansi378v2004-sample.dat", "ansi378v2004-sample.json", FingerMinutiaeFormat.Ansi378Version2004 },
        { "ansi378v2009-sample.dat", "ansi378v2009-sample.json", FingerMinutiaeFormat.Ansi378Version2009 },
        { "ansi378v2009am1-sample.dat", "ansi378v2009am1-sample.json", FingerMinutiaeFormat.Ansi378Version2009Amendment1 },

        // The NIST ISO appendix example carries the same minutiae as the fingerprintio ISO sample.
        { "iso19794-2-2005-appendix-c2.raw", "iso19794p2v2005-sample.json", FingerMinutiaeFormat.Iso19794Part2Version2005 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parses_every_view_and_minutia_as_the_decoded_json_says(string recordFile, string jsonFile, FingerMinutiaeFormat format)
    {
        var folder = BiometricTestData.RequireTemplates();
        var bytes = File.ReadAllBytes(Path.Combine(folder, recordFile));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, jsonFile)));

        using var record = FingerMinutiaeRecord.Parse(bytes);

        Assert.Equal(format, record.Format);
        var root = json.RootElement;
        var fingerprints = root.GetProperty("fingerprints");
        Assert.Equal(fingerprints.GetArrayLength(), record.Views.Count);
        for (var v = 0; v < record.Views.Count; v++)
        {
            var expected = fingerprints[v];
            var view = record.Views[v];
            Assert.Equal(ParsePosition(expected.GetProperty("position").GetString()!), view.FingerPosition);
            Assert.Equal(expected.GetProperty("view").GetInt32(), view.ViewNumber);
            Assert.Equal(0, view.ImpressionType); // LIVE_PLAIN in every sample
            var quality = expected.TryGetProperty("quality", out var q) ? q.GetInt32() : expected.GetProperty("qrecords")[0].GetProperty("quality").GetInt32();
            Assert.Equal(quality, view.Quality);
            Assert.Equal(Geometry(root, expected, "width"), view.Width);
            Assert.Equal(Geometry(root, expected, "height"), view.Height);
            Assert.Equal(Geometry(root, expected, "resolutionX"), view.ResolutionX);
            Assert.Equal(Geometry(root, expected, "resolutionY"), view.ResolutionY);

            var minutiae = expected.GetProperty("minutiae");
            Assert.Equal(minutiae.GetArrayLength(), view.MinutiaCount);
            for (var i = 0; i < view.MinutiaCount; i++)
            {
                var e = minutiae[i];
                var m = view.Minutiae[i];
                Assert.Equal(ParseType(e.GetProperty("type").GetString()!), m.Type);
                Assert.Equal(e.GetProperty("positionX").GetInt32(), m.X);
                Assert.Equal(e.GetProperty("positionY").GetInt32(), m.Y);
                Assert.Equal(e.GetProperty("angle").GetInt32(), m.Angle);
                Assert.Equal(e.GetProperty("quality").GetInt32(), m.Quality);
                var unitDegrees = format is FingerMinutiaeFormat.Iso19794Part2Version2005 or FingerMinutiaeFormat.Iso19794Part2Version2011 ? 360.0 / 256 : 2.0;
                Assert.Equal(m.Angle * unitDegrees % 360, m.AngleDegrees, 9);
            }
        }
    }

    [Fact]
    public void Accepts_the_nist_2005_appendix_example_whose_length_field_is_one_byte_short()
    {
        var folder = BiometricTestData.RequireTemplates();
        var bytes = File.ReadAllBytes(Path.Combine(folder, "iso19794-2-2005-appendix-c2.raw"));

        using var record = FingerMinutiaeRecord.Parse(bytes);

        Assert.Equal(341, bytes.Length);
        Assert.Equal(340, record.DeclaredLength);
        Assert.Equal(1, record.LengthFieldShortfall);
        Assert.Equal(0, record.Views[0].ExtendedDataLength);
        Assert.Equal(11, record.Views[1].ExtendedDataLength);
    }

    [Fact]
    public void Parses_the_nist_ansi_2004_appendix_example()
    {
        var folder = BiometricTestData.RequireTemplates();
        using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(Path.Combine(folder, "ansi378-2004-appendix-b2.raw")));

        Assert.Equal(FingerMinutiaeFormat.Ansi378Version2004, record.Format);
        Assert.Equal(343, record.DeclaredLength);
        Assert.Equal(2, record.Views.Count);
        var first = record.Views[0];
        Assert.Equal((FingerPosition.LeftIndex, 90, 27, 512, 512, 197), (first.FingerPosition, first.Quality, first.MinutiaCount, first.Width, first.Height, first.ResolutionX));
        Assert.Equal(new Minutia(MinutiaType.RidgeEnding, 100, 14, 56, MinutiaAngleUnit.Ansi2Degrees, 90), first.Minutiae[0]);
        Assert.Equal(112.0, first.Minutiae[0].AngleDegrees);
        var second = record.Views[1];
        Assert.Equal((FingerPosition.RightIndex, 70, 22, 11), (second.FingerPosition, second.Quality, second.MinutiaCount, second.ExtendedDataLength));
        Assert.Equal(new Minutia(MinutiaType.RidgeBifurcation, 125, 73, 175, MinutiaAngleUnit.Ansi2Degrees, 40), second.Minutiae[21]);
    }

    [Fact]
    public void Conforming_samples_report_no_length_shortfall()
    {
        var folder = BiometricTestData.RequireTemplates();
        foreach (var file in new[] { "iso19794p2v2005-sample.dat", "iso19794p2v2011-sample.dat", "ansi378v2009am1-sample.dat", "ansi378-2004-appendix-b2.raw" })
        {
            using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(Path.Combine(folder, file)));
            Assert.Equal(0, record.LengthFieldShortfall);
        }
    }

    [Theory]
    [InlineData("DB1_B")]
    [InlineData("DB2_B")]
    [InlineData("DB3_B")]
    [InlineData("DB4_B")]
    public void Parses_every_fvc2002_template_as_one_iso_2005_view_at_197_ppcm(string database)
    {
        var folder = BiometricTestData.RequireFvc(database);
        var files = Directory.GetFiles(folder, "*.iso");
        Assert.Equal(80, files.Length);
        foreach (var file in files)
        {
            using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes(file));
            Assert.Equal(FingerMinutiaeFormat.Iso19794Part2Version2005, record.Format);
            var view = Assert.Single(record.Views);
            Assert.Equal((300, 400, 197, 197), (view.Width, view.Height, view.ResolutionX, view.ResolutionY));
            Assert.InRange(view.MinutiaCount, 1, 80);
        }
    }

    private static int Geometry(JsonElement root, JsonElement view, string name) =>
        view.TryGetProperty(name, out var value) ? value.GetInt32() : root.GetProperty(name).GetInt32();

    private static FingerPosition ParsePosition(string name) =>
        Enum.Parse<FingerPosition>(string.Concat(name.Split('_').Select(p => p[..1] + p[1..].ToLowerInvariant())));

    private static MinutiaType ParseType(string name) => name switch
    {
        "ENDING" => MinutiaType.RidgeEnding,
        "BIFURCATION" => MinutiaType.RidgeBifurcation,
        _ => MinutiaType.Other,
    };
}
