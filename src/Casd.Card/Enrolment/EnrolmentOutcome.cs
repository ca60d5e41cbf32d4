namespace Casd.Card.Enrolment;

/// <summary>How a personalisation run ended.</summary>
public enum EnrolmentOutcome
{
    /// <summary>The card is issued.</summary>
    Issued = 0,

    /// <summary>A finger failed the quality gates; capture it again and rerun.</summary>
    FingerRejected = 1,

    /// <summary>The connection test did not match; capture again and rerun (the card stays in personalisation).</summary>
    ConnectionTestFailed = 2,

    /// <summary>The card is not in the personalisation state (already issued, blocked or terminated).</summary>
    CardNotInPersonalisation = 3,

    /// <summary>The connection-test record is byte-identical to an enrolled record: it would test nothing. Nothing was written.</summary>
    ConnectionTestNotFresh = 4,
}
