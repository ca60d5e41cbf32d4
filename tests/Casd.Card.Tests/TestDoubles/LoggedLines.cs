using Microsoft.Extensions.Logging.Testing;

namespace Casd.Card.Tests.TestDoubles;

/// <summary>
/// What a <see cref="FakeLogger"/> collected, one line per record: the message, the exception and
/// every structured value, so a test that looks for leaked bytes sees all a log sink could write.
/// </summary>
internal static class LoggedLines
{
    /// <summary>The collected records as lines.</summary>
    /// <param name="logger">The fake logger the code under test wrote to.</param>
    /// <returns>One line per record, oldest first.</returns>
    public static IReadOnlyList<string> Of(FakeLogger logger) => [.. logger.Collector.GetSnapshot().Select(Line)];

    private static string Line(FakeLogRecord record)
    {
        var line = record.Message + (record.Exception is null ? string.Empty : " " + record.Exception);
        return record.StructuredState is { } values
            ? line + " | " + string.Join(";", values.Select(v => $"{v.Key}={v.Value}"))
            : line;
    }
}
