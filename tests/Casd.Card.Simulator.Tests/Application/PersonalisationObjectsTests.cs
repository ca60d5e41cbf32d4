using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Application;
using CsCheck;

namespace Casd.Card.Simulator.Tests.Application;

/// <summary>
/// The card checks what PUT DATA stores with its own code (decision 0082). Both sides read the same
/// document, so on any bytes the card must accept exactly what the host's strict parsers accept:
/// checked on the document's objects and on random mutations of them.
/// </summary>
public sealed class PersonalisationObjectsTests
{
    private static readonly (uint Tag, byte[] Encoded)[] Valid =
    [
        (CasdTags.Holder, new HolderIdentity("R-2024-0042", "Durand", "Camille").Encode()),
        (CasdTags.Holder, new HolderIdentity("Ω", "Łódź 𝄞", string.Empty).Encode()),
        (CasdTags.Project, new ProjectInfo("P-HEALTH-7", "Hospital stays").Encode()),
        (CasdTags.Project, new ProjectInfo("P", string.Empty).Encode()),
        (CasdTags.EnrolmentRecord, new EnrolmentRecord(EnrolmentKind.Health, new DateOnly(2024, 2, 29), new DateOnly(2025, 6, 2), true, "2024.1").Encode()),
        (CasdTags.EnrolmentRecord, new EnrolmentRecord(EnrolmentKind.Standard, new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31), false, "v").Encode()),
    ];

    [Fact]
    public void The_card_accepts_the_objects_the_host_encodes()
    {
        foreach (var (tag, encoded) in Valid)
        {
            Assert.True(PersonalisationObjects.IsWellFormed(tag, encoded), Convert.ToHexString(encoded));
        }
    }

    [Theory]
    [InlineData("BF2003800141")] // no family name
    [InlineData("BF2009800141810141830141")] // unknown field 83
    [InlineData("BF2009800141810141800142")] // holder id twice
    [InlineData("BF2006800141810142FF")] // a byte after the object
    [InlineData("BF2006800141810180")] // invalid UTF-8
    [InlineData("BF204680014181416161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161")] // family name of 65 characters
    [InlineData("BF22208001018108323032343032333082083230323530363032830101840432303234")] // 30 February
    [InlineData("BF22208001038108323032343032323982083230323530363032830101840432303234")] // kind 03
    [InlineData("BF22208001018108303030303031303182083230323530363032830101840432303234")] // year 0000
    [InlineData("BF22208001018108323032343032323982083230323530363032830102840432303234")] // flag 02
    [InlineData("BF2220800101810832303234303232398208323032354F363032830101840432303234")] // a date with a letter
    [InlineData("BF240880064142434445")] // truncated
    [InlineData("BF24028000")] // empty project code
    public void The_card_and_the_host_refuse_the_same_malformed_objects(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var tag = (uint)((bytes[0] << 8) | bytes[1]);
        Assert.False(HostAccepts(tag, bytes));
        Assert.False(PersonalisationObjects.IsWellFormed(tag, bytes));
    }

    [Fact]
    public void The_card_and_the_host_agree_on_mutated_objects()
    {
        var mutation =
            from index in Gen.Int[0, Valid.Length - 1]
            from position in Gen.Int[0, 200]
            from value in Gen.Byte
            from kind in Gen.Int[0, 2]
            select (index, position, value, kind);
        mutation.Sample(m =>
        {
            var (tag, encoded) = Valid[m.index];
            var bytes = encoded.ToList();
            var at = m.position % (bytes.Count + 1);
            switch (m.kind)
            {
                case 0 when at < bytes.Count: bytes[at] = m.value; break;
                case 1: bytes.Insert(at, m.value); break;
                default: if (at < bytes.Count) { bytes.RemoveAt(at); } break;
            }

            var mutated = bytes.ToArray();
            return HostAccepts(tag, mutated) == PersonalisationObjects.IsWellFormed(tag, mutated);
        }, iter: 20_000);
    }

    [Fact]
    public void The_certificate_object_is_one_DF22_holding_a_DER_sequence()
    {
        Assert.True(PersonalisationObjects.TryReadCertificate(Convert.FromHexString("DF2203300100"), out var der));
        Assert.Equal("300100", Convert.ToHexString(der));
        foreach (var hex in new[] { "DF2200", "DF2203310100", "DF220330010000", "DF2103300100", "DF2205300100" })
        {
            Assert.False(PersonalisationObjects.TryReadCertificate(Convert.FromHexString(hex), out _), hex);
        }
    }

    private static bool HostAccepts(uint tag, byte[] encoded)
    {
        try
        {
            _ = tag switch
            {
                CasdTags.Holder => (object)HolderIdentity.Parse(encoded),
                CasdTags.Project => ProjectInfo.Parse(encoded),
                _ => EnrolmentRecord.Parse(encoded),
            };
            return true;
        }
        catch (CardDataFormatException)
        {
            return false;
        }
    }
}
