using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>The enrolment record data object ('BF22'): under which enrolment the card was issued.</summary>
/// <param name="Kind">Standard or health data (tag '80').</param>
/// <param name="FullEnrolmentDate">The date of the full enrolment this card relies on (tag '81', YYYYMMDD).</param>
/// <param name="CardIssueDate">The date this card was issued (tag '82', YYYYMMDD).</param>
/// <param name="IsExpress">Whether this card came from an express enrolment (tag '83').</param>
/// <param name="GeneralConditionsVersion">The version of the general conditions the holder accepted (tag '84', 1 to 32 characters).</param>
public sealed record EnrolmentRecord(EnrolmentKind Kind, DateOnly FullEnrolmentDate, DateOnly CardIssueDate, bool IsExpress, string GeneralConditionsVersion)
{
    private const string Name = "enrolment record (BF22)";

    /// <summary>Decodes the complete 'BF22' data object.</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The enrolment record.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed enrolment record.</exception>
    public static EnrolmentRecord Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.EnrolmentRecord, Name));
        EnrolmentKind? kind = null;
        DateOnly? full = null, issue = null;
        bool? express = null;
        string? conditions = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x80 when kind is null:
                    var k = InterfaceFields.ReadByte(e.Value, Name, "the enrolment kind");
                    kind = k is 1 or 2 ? (EnrolmentKind)k : throw InterfaceFields.Fault(Name, "the enrolment kind must be 01 (standard) or 02 (health)");
                    break;
                case 0x81 when full is null: full = InterfaceFields.ReadDate(e.Value, Name, "the full-enrolment date"); break;
                case 0x82 when issue is null: issue = InterfaceFields.ReadDate(e.Value, Name, "the card issue date"); break;
                case 0x83 when express is null: express = InterfaceFields.ReadBoolean(e.Value, Name, "the express flag"); break;
                case 0x84 when conditions is null: conditions = InterfaceFields.ReadText(e.Value, Name, "the general-conditions version", 1, 32); break;
                case >= 0x80 and <= 0x84: throw InterfaceFields.Duplicate(Name, e.Tag);
                default: throw InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        return new EnrolmentRecord(
            kind ?? throw InterfaceFields.Missing(Name, 0x80),
            full ?? throw InterfaceFields.Missing(Name, 0x81),
            issue ?? throw InterfaceFields.Missing(Name, 0x82),
            express ?? throw InterfaceFields.Missing(Name, 0x83),
            conditions ?? throw InterfaceFields.Missing(Name, 0x84));
    }

    /// <summary>Encodes the complete 'BF22' data object, as PUT DATA takes it.</summary>
    /// <returns>The encoded object.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public byte[] Encode()
    {
        if (Kind is not (EnrolmentKind.Standard or EnrolmentKind.Health))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "The enrolment kind must be standard or health.");
        }

        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(CasdTags.EnrolmentRecord))
        {
            writer.Write(0x80, (byte)Kind);
            writer.Write(0x81, InterfaceFields.EncodeDate(FullEnrolmentDate));
            writer.Write(0x82, InterfaceFields.EncodeDate(CardIssueDate));
            writer.Write(0x83, IsExpress ? (byte)1 : (byte)0);
            writer.Write(0x84, InterfaceFields.EncodeText(GeneralConditionsVersion, nameof(GeneralConditionsVersion), 1, 32));
        }

        return writer.ToArray();
    }
}
