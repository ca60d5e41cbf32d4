using Microsoft.Extensions.Logging;

namespace Casd.Card.Enrolment;

/// <summary>Enrolment desk log messages: steps and outcomes, never biometric or key bytes.</summary>
internal static partial class EnrolmentLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Card {Serial}, enrolment step {Step}: {State}")]
    public static partial void Step(ILogger logger, string serial, EnrolmentStep step, EnrolmentStepState state);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Card {Serial} inspected: {Lifecycle}, interrupted {Interrupted}")]
    public static partial void Inspected(ILogger logger, string serial, Interface.CardLifecycleState lifecycle, bool interrupted);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Card {Serial}: unfinished personalisation erased")]
    public static partial void Erased(ILogger logger, string serial);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Card {Serial} gave an express basis: full enrolment of {FullEnrolmentDate}")]
    public static partial void ExpressBasisRead(ILogger logger, string serial, DateOnly fullEnrolmentDate);
}
