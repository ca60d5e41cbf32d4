using System.Globalization;
using System.Text;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Tracing;

/// <summary>
/// One exchange as the card saw it. Data of sensitive commands (VERIFY, CHANGE REFERENCE DATA,
/// authentication, anything under secure messaging: <see cref="SensitiveCommands"/>) and of their
/// responses is not kept: only the header, the lengths and the status word.
/// </summary>
public sealed class ApduTraceEntry
{
    internal ApduTraceEntry(long sequence, TimeSpan start, TimeSpan duration, ReadOnlySpan<byte> command, ReadOnlySpan<byte> response, string? note)
    {
        Sequence = sequence;
        Start = start;
        Duration = duration;
        Note = note;
        Header = command.Length >= 4 ? command[..4].ToArray() : command.ToArray();
        IsRedacted = command.Length >= 2 && SensitiveCommands.IsSensitive(command[0], command[1]);
        CommandLength = command.Length;
        CommandBytes = IsRedacted ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(command.ToArray());
        if (response.Length >= 2)
        {
            StatusWord = new StatusWord(response[^2], response[^1]);
            ResponseDataLength = response.Length - 2;
            ResponseData = IsRedacted ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(response[..^2].ToArray());
        }
    }

    /// <summary>Gets the 1-based position of the exchange in the trace.</summary>
    public long Sequence { get; }

    /// <summary>Gets when the command arrived, relative to the creation of the trace.</summary>
    public TimeSpan Start { get; }

    /// <summary>Gets how long the card took to answer.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the command header (CLA INS P1 P2).</summary>
    public ReadOnlyMemory<byte> Header { get; }

    /// <summary>Gets the length of the encoded command.</summary>
    public int CommandLength { get; }

    /// <summary>Gets the whole encoded command, or <see langword="null"/> when redacted.</summary>
    public ReadOnlyMemory<byte>? CommandBytes { get; }

    /// <summary>Gets the response data, or <see langword="null"/> when redacted or when no response was sent.</summary>
    public ReadOnlyMemory<byte>? ResponseData { get; }

    /// <summary>Gets the number of response data bytes.</summary>
    public int ResponseDataLength { get; }

    /// <summary>Gets the status word, or <see langword="null"/> when no response was sent (power lost).</summary>
    public StatusWord? StatusWord { get; }

    /// <summary>Gets whether data was withheld because the command is sensitive.</summary>
    public bool IsRedacted { get; }

    /// <summary>Gets a remark such as "power lost", or <see langword="null"/>.</summary>
    public string? Note { get; }

    /// <summary>Formats the exchange on one line, data redacted where required.</summary>
    /// <returns>For example <c>#1 +0.012 ms (0.004 ms) 00A4040C0AF0... -> 9000</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{Sequence} +{Start.TotalMilliseconds:F3} ms ({Duration.TotalMilliseconds:F3} ms) ");
        text.Append(CommandBytes is { } c ? Convert.ToHexString(c.Span) : $"{Convert.ToHexString(Header.Span)} [{CommandLength - Header.Length} bytes redacted]");
        text.Append(" -> ");
        if (StatusWord is { } sw)
        {
            if (ResponseDataLength > 0)
            {
                text.Append(ResponseData is { } r ? Convert.ToHexString(r.Span) : $"[{ResponseDataLength} bytes redacted]").Append(' ');
            }

            text.Append(CultureInfo.InvariantCulture, $"{sw.Value:X4}");
        }
        else
        {
            text.Append("no response");
        }

        if (Note is not null)
        {
            text.Append(" (").Append(Note).Append(')');
        }

        return text.ToString();
    }
}
