using System.Diagnostics;
using Casd.Card.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Casd.Card.Iso7816;

/// <summary>
/// Logs every APDU that reaches the card: header, lengths, status word and round-trip time at
/// Debug; data at Trace only for commands that <see cref="SensitiveCommands"/> does not mark
/// as sensitive. Also feeds the <c>casd.card.apdu.*</c> metrics.
/// </summary>
public sealed class ApduLoggingProcessor : ApduProcessor
{
    private readonly ILogger _logger;

    /// <summary>Initializes the stage.</summary>
    /// <param name="next">The next stage down.</param>
    /// <param name="logger">Where to log.</param>
    public ApduLoggingProcessor(IApduTransmitter next, ILogger logger)
        : base(next)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc/>
    public override async ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sensitive = SensitiveCommands.IsSensitive(command);
        var debug = _logger.IsEnabled(LogLevel.Debug);
        if (debug)
        {
            ApduLog.Command(_logger, command.Cla, command.Ins, command.P1, command.P2, command.Nc, command.Ne);
        }

        if (sensitive)
        {
            ApduLog.Redacted(_logger, command.Ins);
        }
        else if (command.Nc > 0)
        {
            LogData(command.Data.Span, isCommand: true);
        }

        var started = Stopwatch.GetTimestamp();
        ResponseApdu response;
        try
        {
            response = await Next.TransmitAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (debug)
        {
            var failedAfter = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ApduLog.Failed(_logger, ex, command.Cla, command.Ins, command.P1, command.P2, failedAfter);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        CasdCardDiagnostics.ApdusExchanged.Add(1);
        CasdCardDiagnostics.ApduDuration.Record(elapsed);
        if (debug)
        {
            ApduLog.Response(_logger, response.StatusWord.Value, response.Data.Length, elapsed);
        }

        if (!sensitive && response.Data.Length > 0)
        {
            LogData(response.Data.Span, isCommand: false);
        }

        return response;
    }

    private void LogData(ReadOnlySpan<byte> data, bool isCommand)
    {
        if (!_logger.IsEnabled(LogLevel.Trace))
        {
            return;
        }

        var hex = Convert.ToHexString(data);
        if (isCommand)
        {
            ApduLog.CommandData(_logger, hex);
        }
        else
        {
            ApduLog.ResponseData(_logger, hex);
        }
    }
}
