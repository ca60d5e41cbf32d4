using System.Globalization;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>The biometric status data object ('BF23'): enrolled fingers, retries left, blocking; never template bytes.</summary>
/// <param name="Fingers">One entry per finger reference the card supports.</param>
/// <param name="VerifiedReference">The reference whose VERIFY succeeded in this session (tag '85'), if any.</param>
public sealed record BiometricStatus(IReadOnlyList<FingerStatus> Fingers, FingerReference? VerifiedReference)
{
    private const string Name = "biometric status (BF23)";

    /// <summary>Gets the status of one finger reference.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The finger's status.</returns>
    /// <exception cref="KeyNotFoundException">The card did not report that reference.</exception>
    public FingerStatus this[FingerReference reference] =>
        Fingers.FirstOrDefault(f => f.Reference == reference) ?? throw new KeyNotFoundException($"The card reported no status for reference {reference}.");

    /// <summary>Decodes the complete 'BF23' data object.</summary>
    /// <param name="encoded">The data object as GET DATA returns it.</param>
    /// <returns>The biometric status.</returns>
    /// <exception cref="CardDataFormatException">The bytes are not a well-formed biometric status.</exception>
    public static BiometricStatus Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.BiometricStatus, Name));
        var fingers = new List<FingerStatus>(2);
        FingerReference? verified = null;
        var sawVerified = false;
        while (reader.HasData)
        {
            var e = reader.Read();
            if (e.Tag == 0xA0)
            {
                var finger = ParseFinger(e.CreateReader());
                if (fingers.Exists(f => f.Reference == finger.Reference))
                {
                    throw InterfaceFields.Fault(Name, "a finger reference is reported twice");
                }

                fingers.Add(finger);
            }
            else if (e.Tag == 0x85 && !sawVerified)
            {
                sawVerified = true;
                var v = InterfaceFields.ReadByte(e.Value, Name, "the verified reference");
                verified = v switch
                {
                    0x00 => null,
                    0x96 or 0x97 => (FingerReference)v,
                    _ => throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "verified reference {0:X2} is not 00, 96 or 97", v)),
                };
            }
            else
            {
                throw e.Tag == 0x85 ? InterfaceFields.Duplicate(Name, e.Tag) : InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        if (fingers.Count == 0)
        {
            throw InterfaceFields.Fault(Name, "no finger reference is reported");
        }

        return new BiometricStatus(fingers, verified);
    }

    /// <summary>Encodes the complete 'BF23' data object.</summary>
    /// <returns>The encoded object.</returns>
    public byte[] Encode()
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(CasdTags.BiometricStatus))
        {
            foreach (var f in Fingers)
            {
                using (writer.PushConstructed(0xA0))
                {
                    writer.Write(0x83, (byte)f.Reference);
                    writer.Write(0x80, f.IsEnrolled ? (byte)1 : (byte)0);
                    writer.Write(0x81, (byte)f.RetriesLeft);
                    writer.Write(0x82, (byte)f.MaxRetries);
                    writer.Write(0x84, f.IsBlocked ? (byte)1 : (byte)0);
                }
            }

            writer.Write(0x85, VerifiedReference is { } v ? (byte)v : (byte)0);
        }

        return writer.ToArray();
    }

    private static FingerStatus ParseFinger(BerTlvReader reader)
    {
        int? reference = null, retries = null, max = null;
        bool? enrolled = null, blocked = null;
        while (reader.HasData)
        {
            var e = reader.Read();
            switch (e.Tag)
            {
                case 0x83 when reference is null: reference = InterfaceFields.ReadByte(e.Value, Name, "the key reference"); break;
                case 0x80 when enrolled is null: enrolled = InterfaceFields.ReadBoolean(e.Value, Name, "the enrolled flag"); break;
                case 0x81 when retries is null: retries = InterfaceFields.ReadByte(e.Value, Name, "the retries left"); break;
                case 0x82 when max is null: max = InterfaceFields.ReadByte(e.Value, Name, "the retry limit"); break;
                case 0x84 when blocked is null: blocked = InterfaceFields.ReadBoolean(e.Value, Name, "the blocked flag"); break;
                case 0x80 or 0x81 or 0x82 or 0x83 or 0x84: throw InterfaceFields.Duplicate(Name, e.Tag);
                default: throw InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        var r = reference ?? throw InterfaceFields.Missing(Name, 0x83);
        if (r is not (0x96 or 0x97))
        {
            throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "key reference {0:X2} is not 96 or 97", r));
        }

        var m = max ?? throw InterfaceFields.Missing(Name, 0x82);
        var left = retries ?? throw InterfaceFields.Missing(Name, 0x81);
        if (m is 0 or > 15 || left > m)
        {
            throw InterfaceFields.Fault(Name, string.Format(CultureInfo.InvariantCulture, "retries left {0} and retry limit {1} are inconsistent", left, m));
        }

        return new FingerStatus((FingerReference)r, enrolled ?? throw InterfaceFields.Missing(Name, 0x80), left, m, blocked ?? throw InterfaceFields.Missing(Name, 0x84));
    }
}
