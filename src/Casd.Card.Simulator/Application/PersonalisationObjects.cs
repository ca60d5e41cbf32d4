using System.Text;
using System.Text.Unicode;
using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The card's own checks of what PUT DATA stores (docs/card-interface.md, the holder, project,
/// enrolment record and certificate objects), written from the document as a table of fields
/// rather than with the host's parsers (decision 0082), so that a parsing mistake on one side is
/// not mirrored on the other. An object is stored only whole: one template with the command's tag
/// and nothing after it; inside, each field at most once, none unknown, every mandatory one, each
/// value as its kind requires. Nothing here throws for malformed bytes.
/// </summary>
internal static class PersonalisationObjects
{
    private static readonly PersonalisationField[] HolderFields =
    [
        new(0x80, FieldKind.Text, 1, 64),
        new(0x81, FieldKind.Text, 1, 64),
        new(0x82, FieldKind.Text, 0, 64, Mandatory: false),
    ];

    private static readonly PersonalisationField[] ProjectFields =
    [
        new(0x80, FieldKind.Text, 1, 32),
        new(0x81, FieldKind.Text, 0, 128, Mandatory: false),
    ];

    private static readonly PersonalisationField[] EnrolmentRecordFields =
    [
        new(0x80, FieldKind.EnrolmentKind),
        new(0x81, FieldKind.Date),
        new(0x82, FieldKind.Date),
        new(0x83, FieldKind.Flag),
        new(0x84, FieldKind.Text, 1, 32),
    ];

    /// <summary>Whether a holder ('BF20'), project ('BF24') or enrolment record ('BF22') object may be stored.</summary>
    /// <param name="tag">The object's tag, from P1-P2.</param>
    /// <param name="encoded">The command data.</param>
    /// <returns><see langword="true"/> when it is well formed.</returns>
    public static bool IsWellFormed(uint tag, ReadOnlySpan<byte> encoded) => tag switch
    {
        CasdTags.Holder => Check(encoded, tag, HolderFields),
        CasdTags.Project => Check(encoded, tag, ProjectFields),
        CasdTags.EnrolmentRecord => Check(encoded, tag, EnrolmentRecordFields),
        _ => false,
    };

    /// <summary>Takes the certificate out of the object 'DF22': its value must at least look like DER (a SEQUENCE).</summary>
    /// <param name="encoded">The command data.</param>
    /// <param name="der">The certificate bytes.</param>
    /// <returns><see langword="true"/> when the object is well formed.</returns>
    public static bool TryReadCertificate(ReadOnlySpan<byte> encoded, out ReadOnlySpan<byte> der)
    {
        der = default;
        if (!TryReadWhole(encoded, CasdTags.Certificate, out var value) || value.IsEmpty || value[0] != 0x30)
        {
            return false;
        }

        der = value;
        return true;
    }

    private static bool Check(ReadOnlySpan<byte> encoded, uint tag, ReadOnlySpan<PersonalisationField> fields)
    {
        if (!TryReadWhole(encoded, tag, out var value))
        {
            return false;
        }

        var seen = 0;
        var reader = new BerTlvReader(value);
        while (reader.HasData)
        {
            if (!reader.TryRead(out var element))
            {
                return false;
            }

            var index = IndexOf(fields, element.Tag);
            if (index < 0 || (seen & (1 << index)) != 0 || !IsValid(fields[index], element.Value))
            {
                return false;
            }

            seen |= 1 << index;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Mandatory && (seen & (1 << i)) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of the one object the data holds, when it has the expected tag and nothing follows it.</summary>
    private static bool TryReadWhole(ReadOnlySpan<byte> encoded, uint tag, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!BerTlvReader.TryReadElement(encoded, out var element, out var consumed) || consumed != encoded.Length || element.Tag != tag)
        {
            return false;
        }

        value = element.Value;
        return true;
    }

    private static int IndexOf(ReadOnlySpan<PersonalisationField> fields, uint tag)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsValid(PersonalisationField field, ReadOnlySpan<byte> value) => field.Kind switch
    {
        FieldKind.Text => IsText(value, field.MinLength, field.MaxLength),
        FieldKind.Date => IsDate(value),
        FieldKind.EnrolmentKind => value is [0x01] or [0x02],
        _ => value is [0x00] or [0x01],
    };

    private static bool IsText(ReadOnlySpan<byte> value, int minLength, int maxLength)
    {
        // Limits count UTF-16 code units, as the host's strings do: a character outside the BMP counts twice.
        if (!Utf8.IsValid(value))
        {
            return false;
        }

        var length = Encoding.UTF8.GetCharCount(value);
        return length >= minLength && length <= maxLength;
    }

    private static bool IsDate(ReadOnlySpan<byte> value)
    {
        if (value.Length != 8)
        {
            return false;
        }

        var number = 0;
        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            number = (number * 10) + (b - '0');
        }

        int year = number / 10_000, month = number / 100 % 100, day = number % 100;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }
}
