using Casd.Card.Enrolment;

namespace Casd.Card.RemoteAccess;

/// <summary>How the remote-access client checks a card before it logs in.</summary>
/// <param name="ExpectedProjectCode">The project this login is for; a card for another project is refused. <see langword="null"/> accepts any project (the enrolment desk reading a researcher's current card).</param>
/// <param name="Policy">The enrolment rules, on the client's clock.</param>
public sealed record RemoteAccessOptions(string? ExpectedProjectCode, EnrolmentPolicy Policy)
{
    /// <summary>Gets whether finger 2 may be tried when finger 1 does not match.</summary>
    public bool AllowSecondFinger { get; init; } = true;
}
