using Microsoft.Extensions.Logging;

namespace Casd.Card;

/// <summary>Workflow log messages: identifiers, steps and outcomes; never template, probe or key bytes.</summary>
internal static partial class CasdCardLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "CASD application selected on card {Serial} ({Lifecycle})")]
    public static partial void Selected(ILogger logger, string serial, Interface.CardLifecycleState lifecycle);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Secure channel for {Purpose} opened on card {Serial}")]
    public static partial void ChannelOpened(ILogger logger, CardChannelPurpose purpose, string serial);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "VERIFY on reference {Reference:X2}: {Outcome}")]
    public static partial void Verified(ILogger logger, int reference, VerificationOutcome outcome);
}
