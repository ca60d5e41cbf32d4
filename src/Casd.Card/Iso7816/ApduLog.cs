using Microsoft.Extensions.Logging;

namespace Casd.Card.Iso7816;

/// <summary>Source-generated log messages of the APDU pipeline. Headers, lengths and status words only; data at Trace for non-sensitive commands.</summary>
internal static partial class ApduLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "APDU → {Cla:X2} {Ins:X2} {P1:X2} {P2:X2} Nc={Nc} Ne={Ne}")]
    public static partial void Command(ILogger logger, byte cla, byte ins, byte p1, byte p2, int nc, int ne);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "APDU ← SW={StatusWord:X4} Nr={Nr} in {ElapsedMilliseconds:F3} ms")]
    public static partial void Response(ILogger logger, ushort statusWord, int nr, double elapsedMilliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Trace, Message = "APDU → data {Data}")]
    public static partial void CommandData(ILogger logger, string data);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Trace, Message = "APDU ← data {Data}")]
    public static partial void ResponseData(ILogger logger, string data);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Trace, Message = "APDU data redacted: INS {Ins:X2} is sensitive")]
    public static partial void Redacted(ILogger logger, byte ins);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "APDU {Cla:X2} {Ins:X2} {P1:X2} {P2:X2} failed after {ElapsedMilliseconds:F3} ms")]
    public static partial void Failed(ILogger logger, Exception exception, byte cla, byte ins, byte p1, byte p2, double elapsedMilliseconds);
}
