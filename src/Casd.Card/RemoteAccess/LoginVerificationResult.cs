using Casd.Card.Interface;

namespace Casd.Card.RemoteAccess;

/// <summary>The server's verdict on a login assertion.</summary>
/// <param name="Reason">Why it was refused; <see cref="LoginRefusalReason.None"/> when accepted.</param>
/// <param name="Message">One sentence: what was found and, for a refusal, what it means.</param>
public sealed record LoginVerificationResult(LoginRefusalReason Reason, string Message)
{
    /// <summary>Gets whether the login is accepted.</summary>
    public bool IsValid => Reason == LoginRefusalReason.None;

    /// <summary>Gets the signed statement, when it could be parsed.</summary>
    public LoginStatement? Statement { get; init; }

    /// <summary>Gets the card serial, from the statement, when it could be parsed.</summary>
    public string? CardSerial => Statement?.CardSerial;

    /// <summary>Gets the project code, from the statement, when it could be parsed.</summary>
    public string? ProjectCode => Statement?.ProjectCode;
}
