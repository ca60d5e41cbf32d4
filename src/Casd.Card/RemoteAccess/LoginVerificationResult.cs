namespace Casd.Card.RemoteAccess;

/// <summary>The server's verdict on a login assertion.</summary>
/// <param name="IsValid">Whether the login is accepted.</param>
/// <param name="CardSerial">The certified card serial, when the certificate could be read.</param>
/// <param name="ProjectId">The certified project, when the certificate could be read.</param>
/// <param name="Reason">Why the login is refused, or "valid".</param>
public sealed record LoginVerificationResult(bool IsValid, string? CardSerial, string? ProjectId, string Reason);
