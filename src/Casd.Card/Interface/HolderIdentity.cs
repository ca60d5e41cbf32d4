using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>The holder identity data object ('BF20'): who the card belongs to.</summary>
/// <param name="HolderId">The centre's identifier of the researcher (tag '80', 1 to 64 characters).</param>
/// <param name="FamilyName">The family name (tag '81', 1 to 64 characters).</param>
/// <param name="GivenNames">The given names (tag '82', 0 to 64 characters).</param>
public sealed record HolderIdentity(string HolderId, string FamilyName, string GivenNames)
{
    private const string Name = "holder identity (BF20)";

    /// <summary>Decodes the complete 'BF20' data object.</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The holder identity.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed holder object.</exception>
    public static HolderIdentity Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.Holder, Name));
        string? id = null, family = null, given = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x80 when id is null: id = InterfaceFields.ReadText(e.Value, Name, "the holder id", 1, 64); break;
                case 0x81 when family is null: family = InterfaceFields.ReadText(e.Value, Name, "the family name", 1, 64); break;
                case 0x82 when given is null: given = InterfaceFields.ReadText(e.Value, Name, "the given names", 0, 64); break;
                case 0x80 or 0x81 or 0x82: throw InterfaceFields.Duplicate(Name, e.Tag);
                default: throw InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        return new HolderIdentity(
            id ?? throw InterfaceFields.Missing(Name, 0x80),
            family ?? throw InterfaceFields.Missing(Name, 0x81),
            given ?? string.Empty);
    }

    /// <summary>Encodes the complete 'BF20' data object, as PUT DATA takes it.</summary>
    /// <returns>The encoded object.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is too long or empty where it must not be.</exception>
    public byte[] Encode()
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(CasdTags.Holder))
        {
            writer.Write(0x80, InterfaceFields.EncodeText(HolderId, nameof(HolderId), 1, 64));
            writer.Write(0x81, InterfaceFields.EncodeText(FamilyName, nameof(FamilyName), 1, 64));
            writer.Write(0x82, InterfaceFields.EncodeText(GivenNames, nameof(GivenNames), 0, 64));
        }

        return writer.ToArray();
    }
}
