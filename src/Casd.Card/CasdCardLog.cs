using Casd.Card.Interface;
using Microsoft.Extensions.Logging;

namespace Casd.Card;

/// <summary>Workflow log messages: identifiers, steps and outcomes; never template, probe or key bytes.</summary>
internal static partial class CasdCardLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "CASD application selected on card {Serial} ({Lifecycle})")]
    public static partial void Selected(ILogger logger, string serial, Interface.CardLifecycleState lifecycle);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Channel for {Purpose} opened on card {Serial}: {Channel}")]
    public static partial void ChannelOpened(ILogger logger, CardChannelPurpose purpose, string serial, string channel);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "VERIFY on reference {Reference:X2}: {Outcome}")]
    public static partial void Verified(ILogger logger, int reference, VerificationOutcome outcome);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "The card in '{Reader}' was reset by another application; its sessions are gone, selecting the application again")]
    public static partial void ResetByAnotherApplication(ILogger logger, string reader);
}
