using Casd.Card.SecureChannel;
using Microsoft.Extensions.Logging;

namespace Casd.Card;

/// <summary>Source-generated log messages of <see cref="SecureChannelFactory"/>: purposes, protocols and serials only, never keys.</summary>
internal static partial class SecureChannelFactoryLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Opening a {Protocol} channel for {Purpose} on card {Serial}")]
    public static partial void Opening(ILogger logger, SecureChannelProtocol protocol, CardChannelPurpose purpose, string serial);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "{Protocol} channel for {Purpose} open on card {Serial} at security level {Level:X2}")]
    public static partial void Opened(ILogger logger, SecureChannelProtocol protocol, CardChannelPurpose purpose, string serial, byte level);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{Protocol} channel for {Purpose} refused on card {Serial}: {Reason}")]
    public static partial void Refused(ILogger logger, SecureChannelProtocol protocol, CardChannelPurpose purpose, string serial, string reason);
}
