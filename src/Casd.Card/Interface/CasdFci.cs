using System.Globalization;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>The FCI ('6F') the CASD application answers to SELECT.</summary>
/// <param name="Aid">The DF name (tag '84').</param>
/// <param name="Label">The application label (tag '50').</param>
/// <param name="InterfaceVersion">The card interface version (tag 'DF30'), for example 1.0.</param>
/// <param name="Lifecycle">The lifecycle state (tag 'DF21').</param>
/// <param name="BitGroup">The complete Biometric Information Template group ('7F61'), raw: Casd.Card.Biometrics decodes it.</param>
public sealed record CasdFci(ReadOnlyMemory<byte> Aid, string Label, Version InterfaceVersion, CardLifecycleState Lifecycle, ReadOnlyMemory<byte> BitGroup)
{
    private const string Name = "FCI (6F)";

    /// <summary>Decodes the FCI.</summary>
    /// <param name="encoded">The SELECT response data.</param>
    /// <returns>The FCI.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed CASD FCI.</exception>
    public static CasdFci Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.Fci, Name));
        byte[]? aid = null, bit = null;
        string? label = null;
        Version? version = null;
        CardLifecycleState? lifecycle = null;
        string? serial = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case CasdTags.DfName when aid is null:
                    aid = e.Value.Length is >= 5 and <= 16 ? e.Value.ToArray() : throw InterfaceFields.Fault(Name, "the AID must have 5 to 16 bytes");
                    break;
                case CasdTags.ApplicationLabel when label is null: label = InterfaceFields.ReadText(e.Value, Name, "the label", 0, 16); break;
                case CasdTags.InterfaceVersion when version is null:
                    version = e.Value.Length == 2 ? new Version(e.Value[0], e.Value[1]) : throw InterfaceFields.Fault(Name, "the interface version must be 2 bytes");
                    break;
                case CasdTags.Lifecycle when lifecycle is null: lifecycle = CasdResponses.DecodeLifecycle(e.Value, Name); break;
                case CasdTags.BitGroup when bit is null: bit = e.Encoded.ToArray(); break;
                case CasdTags.CardSerial when serial is null:
                    serial = e.Value.Length == 8 ? Convert.ToHexString(e.Value) : throw InterfaceFields.Fault(Name, "the card serial must be 8 bytes");
                    break;
                case CasdTags.DfName or CasdTags.ApplicationLabel or CasdTags.InterfaceVersion or CasdTags.Lifecycle or CasdTags.BitGroup or CasdTags.CardSerial:
                    throw InterfaceFields.Duplicate(Name, e.Tag);
                default:
                    // ISO/IEC 7816-4 lets an FCI carry more; later interface versions may add objects.
                    break;
            }
        }

        var v = version ?? throw InterfaceFields.Missing(Name, CasdTags.InterfaceVersion);
        if (v.Major != CasdCardInterface.EncodedVersion >> 8)
        {
            throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "interface version {0} is not compatible with {1}", v, CasdCardInterface.Version));
        }

        return new CasdFci(
            aid ?? throw InterfaceFields.Missing(Name, CasdTags.DfName),
            label ?? string.Empty,
            v,
            lifecycle ?? throw InterfaceFields.Missing(Name, CasdTags.Lifecycle),
            bit ?? throw InterfaceFields.Missing(Name, CasdTags.BitGroup))
        {
            Serial = serial,
        };
    }

    /// <summary>
    /// Gets the card serial ('DF20', hexadecimal) when the FCI carries it, as interface 2.0 cards do,
    /// which saves a GET DATA at every SELECT; <see langword="null"/> otherwise.
    /// </summary>
    public string? Serial { get; init; }
}
