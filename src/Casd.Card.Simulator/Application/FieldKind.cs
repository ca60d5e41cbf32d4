namespace Casd.Card.Simulator.Application;

/// <summary>How the card checks the value of a field of a personalisation object (docs/card-interface.md).</summary>
internal enum FieldKind
{
    /// <summary>UTF-8 text, well formed, whose length in UTF-16 code units lies within the field's limits.</summary>
    Text,

    /// <summary>A date: 8 ASCII digits YYYYMMDD naming a day of the Gregorian calendar (year 0001 to 9999).</summary>
    Date,

    /// <summary>The enrolment kind: one byte, 01 (standard) or 02 (health).</summary>
    EnrolmentKind,

    /// <summary>A flag: one byte, 00 or 01.</summary>
    Flag,
}
