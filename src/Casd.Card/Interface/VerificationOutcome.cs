namespace Casd.Card.Interface;

/// <summary>The outcome of a match-on-card verification.</summary>
public enum VerificationOutcome
{
    /// <summary>The card matched the capture against a reference.</summary>
    Match = 0,

    /// <summary>The card compared and did not match; a try was spent.</summary>
    NoMatch = 1,

    /// <summary>The references tried are blocked; only the desk can reset them.</summary>
    Blocked = 2,

    /// <summary>The capture was not sent or the card refused its format; no try was spent.</summary>
    TemplateRejected = 3,
}
