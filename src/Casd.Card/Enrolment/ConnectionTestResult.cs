using Casd.Card.RemoteAccess;

namespace Casd.Card.Enrolment;

/// <summary>The connection test an enrolment ends with: a real login with the new card, checked as a server checks it.</summary>
/// <param name="Passed">Whether the card logged in and the server-side check accepted the assertion.</param>
/// <param name="Message">One sentence: what happened.</param>
/// <param name="Login">The client's result (verification, assertion).</param>
/// <param name="Verdict">The server-side verdict, when the card signed.</param>
public sealed record ConnectionTestResult(bool Passed, string Message, RemoteAccessResult Login, LoginVerificationResult? Verdict);
