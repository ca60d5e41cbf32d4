using Microsoft.Extensions.Logging;

namespace Casd.Card.Simulator.Vpcd;

/// <summary>Source-generated log messages of the vpcd client: control messages and APDU headers only, never data.</summary>
internal static partial class VpcdLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "vpcd: connected to {Host}:{Port} (card inserted)")]
    public static partial void Connected(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "vpcd: connection to {Host}:{Port} ended ({Reason}); reconnecting in {DelayMilliseconds} ms")]
    public static partial void Disconnected(ILogger logger, string host, int port, string reason, double delayMilliseconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "vpcd: control {Control}")]
    public static partial void Control(ILogger logger, string control);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "vpcd: APDU {Cla:X2} {Ins:X2} {P1:X2} {P2:X2} ({Length} bytes) → SW {Sw1:X2}{Sw2:X2} ({ResponseLength} bytes)")]
    public static partial void Apdu(ILogger logger, byte cla, byte ins, byte p1, byte p2, int length, byte sw1, byte sw2, int responseLength);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "vpcd: 1-byte message {Control:X2} is no control code; answered as a 1-byte APDU with 6700")]
    public static partial void OneByteApdu(ILogger logger, byte control);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "vpcd: cannot reach {Host}:{Port} ({Reason}); retrying in {DelayMilliseconds} ms")]
    public static partial void Unreachable(ILogger logger, string host, int port, System.Net.Sockets.SocketError reason, double delayMilliseconds);
}
