namespace Casd.Card.RemoteAccess;

/// <summary>How a remote-access login on the card ended.</summary>
public enum RemoteAccessOutcome
{
    /// <summary>The card matched and signed: the assertion is ready for the server.</summary>
    Authenticated = 0,

    /// <summary>The card is not issued (still in personalisation, blocked or terminated).</summary>
    CardNotIssued = 1,

    /// <summary>The card carries no complete enrolment record or certificate.</summary>
    CardIncomplete = 2,

    /// <summary>The enrolment the card relies on is no longer (or not yet) valid.</summary>
    EnrolmentExpired = 3,

    /// <summary>The card is for another project.</summary>
    WrongProject = 4,

    /// <summary>The match-on-card failed: no match, blocked, or capture rejected.</summary>
    VerificationFailed = 5,
}
