using Microsoft.Extensions.Logging;

namespace Casd.Card.RemoteAccess;

/// <summary>Remote-access log messages: outcomes and card serials, never biometric data or signatures.</summary>
internal static partial class RemoteAccessLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Card {Serial}: login {Outcome}")]
    public static partial void Outcome(ILogger logger, string serial, RemoteAccessOutcome outcome);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Login of card {Serial} for project {Project} accepted (signature counter {Counter})")]
    public static partial void Accepted(ILogger logger, string serial, string project, uint counter);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Login of card {Serial} refused ({Reason}): {Message}")]
    public static partial void Refused(ILogger logger, string serial, LoginRefusalReason reason, string message);
}
