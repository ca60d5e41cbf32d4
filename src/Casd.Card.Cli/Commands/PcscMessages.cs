using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary>The one-line messages the reader commands print.</summary>
internal static class PcscMessages
{
    public const string NoService = "casd-card: the PC/SC service is not running; on Debian/Ubuntu install and start it: sudo apt-get install pcscd && sudo systemctl start pcscd.socket (on Windows: start the Smart Card service).";

    public const string NoReaders = "casd-card: no smart-card reader found; connect a reader (or run 'casd-card simulate' with pcscd's vsmartcard-vpcd driver installed).";

    public static string Describe(CardReaderInfo reader) => reader.IsCardPresent
        ? $"{reader.Name}: card present, ATR {Convert.ToHexString(reader.Atr.Span)}"
        : $"{reader.Name}: no card";

    public static string Describe(ReaderEvent change) => change.Kind switch
    {
        ReaderEventKind.ReaderAdded => $"reader added: {change.ReaderName}",
        ReaderEventKind.ReaderRemoved => $"reader removed: {change.ReaderName}",
        ReaderEventKind.CardInserted => $"card inserted: {change.ReaderName}, ATR {Convert.ToHexString(change.Atr.Span)}",
        ReaderEventKind.CardRemoved => $"card removed: {change.ReaderName}",
        _ => $"{change.Kind}: {change.ReaderName}",
    };

    /// <summary>A reader as <c>readers --json</c> prints it.</summary>
    public static object ToJson(CardReaderInfo reader) => new
    {
        reader.Name,
        CardPresent = reader.IsCardPresent,
        Atr = reader.IsCardPresent ? Convert.ToHexString(reader.Atr.Span) : null,
    };

    /// <summary>An event as <c>monitor --json</c> prints it, one line each.</summary>
    public static object ToJson(ReaderEvent change) => new
    {
        change.Kind,
        Reader = change.ReaderName,
        Atr = change.Kind == ReaderEventKind.CardInserted ? Convert.ToHexString(change.Atr.Span) : null,
    };
}
