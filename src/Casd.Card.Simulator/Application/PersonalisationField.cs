namespace Casd.Card.Simulator.Application;

/// <summary>One field of a personalisation object as the card checks it: its tag, its kind, its limits and whether it must be there.</summary>
/// <param name="Tag">The field's one-byte tag inside the template.</param>
/// <param name="Kind">How its value is checked.</param>
/// <param name="MinLength">For text, the fewest characters.</param>
/// <param name="MaxLength">For text, the most characters.</param>
/// <param name="Mandatory">Whether the object is refused without it.</param>
internal readonly record struct PersonalisationField(byte Tag, FieldKind Kind, int MinLength = 0, int MaxLength = 0, bool Mandatory = true);
