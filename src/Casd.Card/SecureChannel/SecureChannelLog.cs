using Microsoft.Extensions.Logging;

namespace Casd.Card.SecureChannel;

/// <summary>Source-generated log messages of the secure channels: protocol, levels, key versions and status words only, never keys or data.</summary>
internal static partial class SecureChannelLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "{Protocol} channel open: security level {Level:X2}, key version {KeyVersion:X2}")]
    public static partial void Opened(ILogger logger, SecureChannelProtocol protocol, byte level, byte keyVersion);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "{Protocol} channel authentication failed: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, SecureChannelProtocol protocol, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "{Protocol} channel closed after a failure on INS {Ins:X2}: {Reason}")]
    public static partial void Closed(ILogger logger, SecureChannelProtocol protocol, byte ins, string reason);
}
