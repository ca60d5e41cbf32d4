namespace Casd.Card.RemoteAccess;

/// <summary>The result of <see cref="RemoteAccessClient.LoginAsync(CasdCard, ReadOnlyMemory{byte}, string, ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
/// <param name="Outcome">Authenticated, or why not.</param>
/// <param name="Reason">One sentence for the user: what happened and what to do.</param>
public sealed record RemoteAccessResult(RemoteAccessOutcome Outcome, string Reason)
{
    /// <summary>Gets whether the assertion is ready.</summary>
    public bool IsAuthenticated => Outcome == RemoteAccessOutcome.Authenticated;

    /// <summary>Gets the assertion for the server, when signed.</summary>
    public LoginAssertion? Assertion { get; init; }

    /// <summary>Gets the statement the card signed, when signed.</summary>
    public Interface.LoginStatement? Statement { get; init; }

    /// <summary>Gets the match-on-card result, when the verification ran.</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>Gets the card serial.</summary>
    public string? CardSerial { get; init; }
}
