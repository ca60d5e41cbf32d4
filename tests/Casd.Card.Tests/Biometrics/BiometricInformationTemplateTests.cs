using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using CsCheck;

namespace Casd.Card.Tests.Biometrics;

public class BiometricInformationTemplateTests
{
    private static readonly Gen<BiometricInformationTemplate> TemplateGen =
        from qualifier in Gen.Byte
        from hasAlgorithm in Gen.Bool
        from algorithm in Gen.Byte
        from hasSubtype in Gen.Bool
        from subtype in Gen.Byte
        from owner in Gen.UShort
        from format in Gen.UShort
        from min in Gen.Int[0, 255]
        from max in Gen.Int[1, 255]
        from order in Gen.OneOf<byte>(new byte[] { 0x00, 0x05, 0x06, 0x09, 0x0A, 0x0D, 0x11 })
        from features in Gen.Byte
        from level in Gen.Int[3, 5]
        where min <= max
        select new BiometricInformationTemplate(
            qualifier,
            hasAlgorithm ? algorithm : null,
            new BiometricHeaderTemplate(BiometricHeaderTemplate.FingerprintType, hasSubtype ? subtype : null, owner, format),
            new BiometricMatchingParameters
            {
                MinimumMinutiae = min,
                MaximumMinutiae = max,
                Order = MinutiaeOrder.FromByte(order),
                FeatureHandling = features,
                SecurityLevel = (MatchSecurityLevel)level,
            });

    private static readonly Gen<BiometricInformationTemplateGroup> GroupGen =
        TemplateGen.Array[1, 4]
            .Where(ts => ts.Select(t => t.ReferenceQualifier).Distinct().Count() == ts.Length)
            .Select(ts => new BiometricInformationTemplateGroup(ts));

    [Fact]
    public void Every_group_survives_a_round_trip() =>
        GroupGen.Sample(group =>
        {
            var parsed = BiometricInformationTemplateGroup.Parse(group.Encode());
            Assert.Equal(group.Templates, parsed.Templates);
        });

    [Fact]
    public void A_mutated_or_truncated_group_is_parsed_or_refused_with_a_typed_exception_only() =>
        Gen.Select(GroupGen, Gen.Int, Gen.Byte, Gen.Int[0, 2]).Sample((group, position, value, mode) =>
        {
            var bytes = group.Encode();
            var i = (int)((uint)position % (uint)bytes.Length);
            if (mode == 0)
            {
                bytes[i] = value;
            }
            else if (mode == 1)
            {
                bytes = bytes[..i];
            }
            else
            {
                bytes = [.. bytes, value];
            }

            try
            {
                var parsed = BiometricInformationTemplateGroup.Parse(bytes);
                Assert.NotEmpty(parsed.Templates);
            }
            catch (BiometricDataFormatException ex)
            {
                Assert.StartsWith("Malformed Biometric Information Template group", ex.Message, StringComparison.Ordinal);
            }
        });

    [Fact]
    public void The_simulator_announces_a_group_the_host_reads_with_both_fingers_and_the_interface_limits()
    {
        var card = new SimulatedCard();
        var fci = CasdFci.Parse(ResponseApdu.Parse(card.Transmit(CasdCommands.Select().ToArray(ApduLengthFormat.Auto))).EnsureSuccess().Data.Span);
        var group = BiometricInformationTemplateGroup.Parse(fci.BitGroup.Span);

        Assert.Equal([0x96, 0x97], group.Templates.Select(t => t.ReferenceQualifier));
        foreach (var t in group.Templates)
        {
            Assert.Equal(BiometricHeaderTemplate.CompactCardFingerprint, t.Header);
            Assert.Equal(CasdCardInterface.MinMinutiae, t.Parameters.MinimumMinutiae);
            Assert.Equal(CasdCardInterface.MaxMinutiae, t.Parameters.MaximumMinutiae);
            Assert.Equal(MatchSecurityLevel.FalseMatchRate1In10000, t.Parameters.SecurityLevel);
        }
    }

    [Theory]
    [InlineData("", "no data")]
    [InlineData("7F6100", "empty")]
    [InlineData("7F6103020100", "1 to 15")]
    [InlineData("7F6103020101", "announces 1 templates but holds 0")]
    [InlineData("7F6106020101DF2000", "only 7F60")]
    [InlineData("7F6103810101", "number of templates")]
    [InlineData("7F61060201017F6000", "mandatory tag 83")]
    [InlineData("7F610B0201017F60058301969900", "not defined")]
    [InlineData("7F610C0201017F6006830196830196", "appears twice")]
    public void A_malformed_group_is_refused_with_the_reason(string hex, string reason)
    {
        var ex = Assert.Throws<BiometricDataFormatException>(() => BiometricInformationTemplateGroup.Parse(Convert.FromHexString(hex)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_biometric_type_a_bad_level_and_an_empty_range_are_refused()
    {
        var good = Template(0x96, BiometricHeaderTemplate.CompactCardFingerprint);
        var bytes = new BiometricInformationTemplateGroup([good]).Encode();

        var face = (byte[])bytes.Clone();
        face[Find(face, [0x81, 0x01, 0x08]) + 2] = 0x02;
        Assert.Contains("not fingerprint", Assert.Throws<BiometricDataFormatException>(() => BiometricInformationTemplateGroup.Parse(face)).Message, StringComparison.Ordinal);

        var level = (byte[])bytes.Clone();
        level[^1] = 0x09;
        Assert.Contains("security level", Assert.Throws<BiometricDataFormatException>(() => BiometricInformationTemplateGroup.Parse(level)).Message, StringComparison.Ordinal);

        var range = (byte[])bytes.Clone();
        var r = Find(range, [0x81, 0x02]);
        range[r + 2] = 40;
        range[r + 3] = 20;
        Assert.Contains("is empty", Assert.Throws<BiometricDataFormatException>(() => BiometricInformationTemplateGroup.Parse(range)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_finds_its_template_by_reference()
    {
        var group = new BiometricInformationTemplateGroup([Template(0x96, BiometricHeaderTemplate.CompactCardFingerprint), Template(0x97, BiometricHeaderTemplate.CompactCardFingerprint)]);
        Assert.Equal(0x97, group.Find(0x97)!.ReferenceQualifier);
        Assert.Null(group.Find(0x98));
        Assert.Throws<ArgumentException>(() => new BiometricInformationTemplateGroup([Template(0x96, BiometricHeaderTemplate.CompactCardFingerprint), Template(0x96, BiometricHeaderTemplate.CompactCardFingerprint)]));
    }

    private static BiometricInformationTemplate Template(byte reference, BiometricHeaderTemplate header) =>
        new(reference, null, header, BiometricMatchingParameters.Default);

    private static int Find(byte[] haystack, byte[] needle)
    {
        var i = haystack.AsSpan().IndexOf(needle);
        Assert.True(i >= 0);
        return i;
    }
}
