using System.Globalization;
using Casd.Card.Iso7816;

namespace Casd.Card.Biometrics;

/// <summary>
/// The Biometric Information Template group ('7F61' { '02' count, '7F60' ... }) a CASD card puts in
/// its FCI: one BIT per finger reference. Parsing is strict: every fault of the card's bytes is a
/// <see cref="BiometricDataFormatException"/> that names the object and the fault.
/// </summary>
public sealed class BiometricInformationTemplateGroup
{
    /// <summary>The tag of the group template.</summary>
    public const uint GroupTag = 0x7F61;

    /// <summary>The tag of one BIT.</summary>
    public const uint TemplateTag = 0x7F60;

    /// <summary>The tag of the biometric header template inside a BIT.</summary>
    public const uint HeaderTag = 0xA1;

    /// <summary>The tag of the matching parameters inside a BIT.</summary>
    public const uint ParametersTag = 0xB1;

    /// <summary>The tag of the security level inside 'B1' (the same tag CHANGE REFERENCE DATA takes it in).</summary>
    public const uint SecurityLevelTag = 0xDF50;

    private const string Name = "Biometric Information Template group (7F61)";
    private readonly BiometricInformationTemplate[] _templates;

    /// <summary>Initializes a group.</summary>
    /// <param name="templates">One to 15 BITs with distinct reference qualifiers.</param>
    /// <exception cref="ArgumentException">No template, too many, or a reference qualifier twice.</exception>
    public BiometricInformationTemplateGroup(IEnumerable<BiometricInformationTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        _templates = [.. templates];
        if (_templates.Length is 0 or > 15)
        {
            throw new ArgumentException("A BIT group holds 1 to 15 templates.", nameof(templates));
        }

        if (_templates.Select(t => t.ReferenceQualifier).Distinct().Count() != _templates.Length)
        {
            throw new ArgumentException("Each BIT of a group must have its own reference qualifier.", nameof(templates));
        }

        foreach (var t in _templates)
        {
            ArgumentNullException.ThrowIfNull(t.Header, nameof(templates));
            ArgumentNullException.ThrowIfNull(t.Parameters, nameof(templates));
            t.Parameters.Validate();
        }
    }

    /// <summary>Gets the templates in card order.</summary>
    public IReadOnlyList<BiometricInformationTemplate> Templates => _templates;

    /// <summary>Gets the BIT of one reference.</summary>
    /// <param name="referenceQualifier">The key reference, for example '96'.</param>
    /// <returns>The BIT, or <see langword="null"/> when the card announces none for it.</returns>
    public BiometricInformationTemplate? Find(byte referenceQualifier) => Array.Find(_templates, t => t.ReferenceQualifier == referenceQualifier);

    /// <summary>
    /// The parameters a capture for one reference is converted with: those its BIT announces, or
    /// <see cref="BiometricMatchingParameters.Default"/> when the card announces none for it.
    /// </summary>
    /// <param name="referenceQualifier">The reference, for example 0x96.</param>
    /// <returns>The parameters.</returns>
    public BiometricMatchingParameters ParametersFor(byte referenceQualifier) => Find(referenceQualifier)?.Parameters ?? BiometricMatchingParameters.Default;

    /// <summary>Decodes a complete '7F61' group.</summary>
    /// <param name="encoded">The group, as found in the FCI.</param>
    /// <returns>The group.</returns>
    /// <exception cref="BiometricDataFormatException">The bytes are not a well-formed group.</exception>
    public static BiometricInformationTemplateGroup Parse(ReadOnlySpan<byte> encoded)
    {
        try
        {
            return ParseCore(encoded);
        }
        catch (BiometricDataFormatException)
        {
            throw;
        }
        catch (CardDataFormatException ex)
        {
            throw new BiometricDataFormatException($"Malformed {Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Encodes the group.</summary>
    /// <returns>The complete '7F61' object.</returns>
    public byte[] Encode()
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(GroupTag))
        {
            writer.Write(0x02, (byte)_templates.Length);
            foreach (var t in _templates)
            {
                using (writer.PushConstructed(TemplateTag))
                {
                    if (t.AlgorithmReference is { } algorithm)
                    {
                        writer.Write(0x80, algorithm);
                    }

                    writer.Write(0x83, t.ReferenceQualifier);
                    using (writer.PushConstructed(HeaderTag))
                    {
                        writer.Write(0x81, t.Header.BiometricType);
                        if (t.Header.BiometricSubtype is { } subtype)
                        {
                            writer.Write(0x82, subtype);
                        }

                        writer.Write(0x87, [(byte)(t.Header.FormatOwner >> 8), (byte)t.Header.FormatOwner]);
                        writer.Write(0x88, [(byte)(t.Header.FormatType >> 8), (byte)t.Header.FormatType]);
                    }

                    using (writer.PushConstructed(ParametersTag))
                    {
                        writer.Write(0x81, [(byte)t.Parameters.MinimumMinutiae, (byte)t.Parameters.MaximumMinutiae]);
                        writer.Write(0x82, t.Parameters.Order.Value);
                        writer.Write(0x83, t.Parameters.FeatureHandling);
                        writer.Write(SecurityLevelTag, (byte)t.Parameters.SecurityLevel);
                    }
                }
            }
        }

        return writer.ToArray();
    }

    private static BiometricInformationTemplateGroup ParseCore(ReadOnlySpan<byte> encoded)
    {
        var outer = new BerTlvReader(encoded);
        if (!outer.HasData)
        {
            throw Fault("no data");
        }

        var group = outer.Read();
        if (group.Tag != GroupTag)
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "expected tag 7F61 but found {0:X}", group.Tag));
        }

        if (outer.HasData)
        {
            throw Fault("unexpected bytes after the group");
        }

        var reader = group.CreateReader();
        if (!reader.HasData)
        {
            throw Fault("the group is empty");
        }

        var count = reader.Read();
        if (count.Tag != 0x02 || count.Value.Length != 1)
        {
            throw Fault("the group must start with the number of templates (tag 02, 1 byte)");
        }

        var expected = count.Value[0];
        if (expected is 0 or > 15)
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "the group announces {0} templates; 1 to 15 are allowed", expected));
        }

        var templates = new List<BiometricInformationTemplate>(expected);
        while (reader.HasData)
        {
            var e = reader.Read();
            if (e.Tag != TemplateTag)
            {
                throw Fault(string.Format(CultureInfo.InvariantCulture, "tag {0:X} is not allowed in the group; only 7F60 templates follow the count", e.Tag));
            }

            if (templates.Count == expected)
            {
                throw Fault(string.Format(CultureInfo.InvariantCulture, "the group holds more templates than the {0} it announces", expected));
            }

            var template = ParseTemplate(e.CreateReader(), templates.Count);
            if (templates.Exists(t => t.ReferenceQualifier == template.ReferenceQualifier))
            {
                throw Fault(string.Format(CultureInfo.InvariantCulture, "reference {0:X2} is announced twice", template.ReferenceQualifier));
            }

            templates.Add(template);
        }

        if (templates.Count != expected)
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "the group announces {0} templates but holds {1}", expected, templates.Count));
        }

        return new BiometricInformationTemplateGroup(templates);
    }

    private static BiometricInformationTemplate ParseTemplate(BerTlvReader reader, int index)
    {
        byte? algorithm = null, qualifier = null;
        BiometricHeaderTemplate? header = null;
        BiometricMatchingParameters? parameters = null;
        var where = string.Format(CultureInfo.InvariantCulture, "template {0}", index + 1);
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x80 when algorithm is null: algorithm = ReadByte(e.Value, where, "the algorithm reference (80)"); break;
                case 0x83 when qualifier is null: qualifier = ReadByte(e.Value, where, "the reference qualifier (83)"); break;
                case HeaderTag when header is null: header = ParseHeader(e.CreateReader(), where); break;
                case ParametersTag when parameters is null: parameters = ParseParameters(e.CreateReader(), where); break;
                case 0x80 or 0x83 or HeaderTag or ParametersTag: throw Duplicate(where, e.Tag);
                default: throw Unknown(where, e.Tag);
            }
        }

        return new BiometricInformationTemplate(
            qualifier ?? throw Missing(where, 0x83),
            algorithm,
            header ?? throw Missing(where, HeaderTag),
            parameters ?? throw Missing(where, ParametersTag));
    }

    private static BiometricHeaderTemplate ParseHeader(BerTlvReader reader, string where)
    {
        where += ", header A1";
        byte? type = null, subtype = null;
        ushort? owner = null, format = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x81 when type is null: type = ReadByte(e.Value, where, "the biometric type (81)"); break;
                case 0x82 when subtype is null: subtype = ReadByte(e.Value, where, "the biometric subtype (82)"); break;
                case 0x87 when owner is null: owner = ReadUInt16(e.Value, where, "the format owner (87)"); break;
                case 0x88 when format is null: format = ReadUInt16(e.Value, where, "the format type (88)"); break;
                case 0x81 or 0x82 or 0x87 or 0x88: throw Duplicate(where, e.Tag);
                default: throw Unknown(where, e.Tag);
            }
        }

        var t = type ?? throw Missing(where, 0x81);
        if (t != BiometricHeaderTemplate.FingerprintType)
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: biometric type {1:X2} is not fingerprint (08)", where, t));
        }

        return new BiometricHeaderTemplate(t, subtype, owner ?? throw Missing(where, 0x87), format ?? throw Missing(where, 0x88));
    }

    private static BiometricMatchingParameters ParseParameters(BerTlvReader reader, string where)
    {
        where += ", parameters B1";
        (int Min, int Max)? range = null;
        byte? order = null, features = null, level = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x81 when range is null:
                    if (e.Value.Length != 2)
                    {
                        throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: the minutiae range (81) must be 2 bytes, found {1}", where, e.Value.Length));
                    }

                    range = (e.Value[0], e.Value[1]);
                    break;
                case 0x82 when order is null: order = ReadByte(e.Value, where, "the minutiae order (82)"); break;
                case 0x83 when features is null: features = ReadByte(e.Value, where, "the feature handling (83)"); break;
                case SecurityLevelTag when level is null: level = ReadByte(e.Value, where, "the security level (DF50)"); break;
                case 0x81 or 0x82 or 0x83 or SecurityLevelTag: throw Duplicate(where, e.Tag);
                default: throw Unknown(where, e.Tag);
            }
        }

        var (min, max) = range ?? throw Missing(where, 0x81);
        if (max == 0 || min > max)
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: the minutiae range {1} to {2} is empty", where, min, max));
        }

        var l = level ?? throw Missing(where, SecurityLevelTag);
        if (!Enum.IsDefined((MatchSecurityLevel)l))
        {
            throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: security level {1:X2} is not 03, 04 or 05", where, l));
        }

        MinutiaeOrder minutiaeOrder;
        try
        {
            minutiaeOrder = MinutiaeOrder.FromByte(order ?? 0);
        }
        catch (BiometricDataFormatException ex)
        {
            throw new BiometricDataFormatException(string.Format(CultureInfo.InvariantCulture, "Malformed {0}: {1}: {2}", Name, where, ex.Message), ex);
        }

        return new BiometricMatchingParameters
        {
            MinimumMinutiae = min,
            MaximumMinutiae = max,
            Order = minutiaeOrder,
            FeatureHandling = features ?? 0,
            SecurityLevel = (MatchSecurityLevel)l,
        };
    }

    private static byte ReadByte(ReadOnlySpan<byte> value, string where, string field) =>
        value.Length == 1 ? value[0] : throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: {1} must be 1 byte, found {2}", where, field, value.Length));

    private static ushort ReadUInt16(ReadOnlySpan<byte> value, string where, string field) =>
        value.Length == 2 ? (ushort)((value[0] << 8) | value[1]) : throw Fault(string.Format(CultureInfo.InvariantCulture, "{0}: {1} must be 2 bytes, found {2}", where, field, value.Length));

    private static BiometricDataFormatException Fault(string reason) => new($"Malformed {Name}: {reason}.");

    private static BiometricDataFormatException Missing(string where, uint tag) =>
        Fault(string.Format(CultureInfo.InvariantCulture, "{0}: the mandatory tag {1:X2} is missing", where, tag));

    private static BiometricDataFormatException Duplicate(string where, uint tag) =>
        Fault(string.Format(CultureInfo.InvariantCulture, "{0}: tag {1:X2} appears twice", where, tag));

    private static BiometricDataFormatException Unknown(string where, uint tag) =>
        Fault(string.Format(CultureInfo.InvariantCulture, "{0}: tag {1:X2} is not defined", where, tag));
}
