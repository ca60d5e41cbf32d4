using Microsoft.Extensions.Logging;

namespace Casd.Card.RemoteAccess;

/// <summary>Remote-access log messages: outcomes and card serials, never biometric data or signatures.</summary>
internal static partial class RemoteAccessLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Card {Serial}: login {Outcome}")]
    public static partial void Outcome(ILogger logger, string serial, RemoteAccessOutcome outcome);
}
