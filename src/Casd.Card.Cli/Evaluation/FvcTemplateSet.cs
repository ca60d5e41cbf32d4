using System.Globalization;
using System.Text.RegularExpressions;
using Casd.Card.Biometrics;

namespace Casd.Card.Cli.Evaluation;

/// <summary>Loads a folder of <c>&lt;finger&gt;_&lt;impression&gt;.iso</c> minutiae records (FVC naming) and converts each to the compact card format.</summary>
internal static partial class FvcTemplateSet
{
    /// <summary>Loads and converts every record of the folder, ordered by finger then impression.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="parameters">The card's parameters (maximum minutiae, order).</param>
    /// <param name="cancellationToken">Cancels the loading.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid record; the message names the file.</exception>
    public static async Task<IReadOnlyList<FvcTemplate>> LoadAsync(string folder, BiometricMatchingParameters parameters, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        }

        var templates = new List<FvcTemplate>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.iso"))
        {
            var name = Path.GetFileName(path);
            var match = FvcName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            try
            {
                using var record = FingerMinutiaeRecord.Parse(bytes);
                if (record.Views.Count == 0)
                {
                    throw new InvalidDataException($"The record '{name}' has no finger view.");
                }

                var view = record.Views[0];
                var compact = new byte[CompactCardConverter.GetMaxEncodedLength(view, parameters)];
                var result = CompactCardConverter.Convert(view, parameters, compact);
                templates.Add(new FvcTemplate(
                    int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                    name,
                    compact[..result.BytesWritten]));
            }
            catch (BiometricDataFormatException ex)
            {
                throw new InvalidDataException($"The file '{name}' is not a valid minutiae record: {ex.Message}", ex);
            }
        }

        templates.Sort((a, b) => a.Finger != b.Finger ? a.Finger.CompareTo(b.Finger) : a.Impression.CompareTo(b.Impression));
        return templates;
    }

    [GeneratedRegex(@"^(\d{1,9})_(\d{1,9})\.iso$", RegexOptions.CultureInvariant)]
    private static partial Regex FvcName();
}
