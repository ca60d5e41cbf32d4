using Casd.Card.Transport;
using Microsoft.Extensions.Logging;

namespace Casd.Card.Pcsc;

/// <summary>Source-generated log messages of the PC/SC binding; reader names and codes only, never APDU data.</summary>
internal static partial class PcscLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "PC/SC connected to '{Reader}' ({ShareMode}, protocol {Protocol})")]
    public static partial void Connected(ILogger logger, string reader, CardShareMode shareMode, CardProtocol protocol);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "PC/SC card in '{Reader}' was reset by another application; reconnected")]
    public static partial void ResetDetected(ILogger logger, string reader);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "PC/SC monitor: {Function} failed with 0x{Code:X8}; retrying in {DelayMilliseconds} ms")]
    public static partial void MonitorRetry(ILogger logger, string function, uint code, double delayMilliseconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "PC/SC monitor: the service is gone (0x{Code:X8}); re-establishing the context")]
    public static partial void ServiceLost(ILogger logger, uint code);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "PC/SC monitor: the platform does not report reader changes; polling the reader list every {IntervalMilliseconds} ms")]
    public static partial void PollingFallback(ILogger logger, double intervalMilliseconds);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "PC/SC reader event {Kind} on '{Reader}'")]
    public static partial void ReaderEvent(ILogger logger, ReaderEventKind kind, string reader);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "PC/SC transmit on '{Reader}' returned {Received} bytes, fewer than a status word")]
    public static partial void ShortResponse(ILogger logger, string reader, int received);
}
