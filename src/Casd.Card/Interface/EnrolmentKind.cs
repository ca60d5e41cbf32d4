namespace Casd.Card.Interface;

/// <summary>The kind of enrolment a card was issued under.</summary>
public enum EnrolmentKind
{
    /// <summary>Standard data.</summary>
    Standard = 1,

    /// <summary>Health data.</summary>
    Health = 2,
}
