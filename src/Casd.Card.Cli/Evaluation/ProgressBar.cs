namespace Casd.Card.Cli.Evaluation;

/// <summary>A one-line text progress bar redrawn in place (carriage return) on a writer, at most once a percent.</summary>
internal sealed class ProgressBar(TextWriter writer, long total, string label)
{
    private const int Width = 40;
    private int _lastPercent = -1;

    /// <summary>Reports how many steps are done.</summary>
    /// <param name="done">Steps done so far.</param>
    public void Report(long done)
    {
        var percent = total == 0 ? 100 : (int)(done * 100 / total);
        if (percent <= _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        var filled = percent * Width / 100;
        writer.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% ({done}/{total})");
        if (done >= total)
        {
            writer.WriteLine();
        }

        writer.Flush();
    }
}
