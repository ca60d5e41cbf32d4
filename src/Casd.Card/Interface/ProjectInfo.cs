using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>The project data object ('BF24'): the one project a card is bound to.</summary>
/// <param name="ProjectCode">The centre's project code (tag '80', 1 to 32 characters).</param>
/// <param name="ProjectTitle">The project title (tag '81', 0 to 128 characters).</param>
public sealed record ProjectInfo(string ProjectCode, string ProjectTitle)
{
    private const string Name = "project (BF24)";

    /// <summary>Decodes the complete 'BF24' data object.</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The project.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed project object.</exception>
    public static ProjectInfo Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.Project, Name));
        string? code = null, title = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x80 when code is null: code = InterfaceFields.ReadText(e.Value, Name, "the project code", 1, 32); break;
                case 0x81 when title is null: title = InterfaceFields.ReadText(e.Value, Name, "the project title", 0, 128); break;
                case 0x80 or 0x81: throw InterfaceFields.Duplicate(Name, e.Tag);
                default: throw InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        return new ProjectInfo(code ?? throw InterfaceFields.Missing(Name, 0x80), title ?? string.Empty);
    }

    /// <summary>Encodes the complete 'BF24' data object, as PUT DATA takes it.</summary>
    /// <returns>The encoded object.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is too long or empty where it must not be.</exception>
    public byte[] Encode()
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(CasdTags.Project))
        {
            writer.Write(0x80, InterfaceFields.EncodeText(ProjectCode, nameof(ProjectCode), 1, 32));
            writer.Write(0x81, InterfaceFields.EncodeText(ProjectTitle, nameof(ProjectTitle), 0, 128));
        }

        return writer.ToArray();
    }
}
