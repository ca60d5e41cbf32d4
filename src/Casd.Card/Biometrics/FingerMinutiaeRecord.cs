using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// A parsed finger minutiae record (ISO/IEC 19794-2:2005 or :2011, ANSI INCITS 378-2004 or -2009):
/// its format and its finger views. Dispose it to overwrite the minutiae once they are no longer needed.
/// </summary>
/// <example>
/// <code>
/// using var record = FingerMinutiaeRecord.Parse(File.ReadAllBytes("101_1.iso"));
/// FingerView view = record.Views[0];
/// </code>
/// </example>
public sealed class FingerMinutiaeRecord : IDisposable
{
    /// <summary>The lowest resolution accepted, in pixels per centimetre (about 127 ppi); 0 ("unknown") is refused.</summary>
    public const int MinimumResolution = 50;

    /// <summary>The highest resolution accepted, in pixels per centimetre (about 5,080 ppi).</summary>
    public const int MaximumResolution = 2000;

    private readonly FingerView[] _views;

    /// <summary>Initializes a record from views (for building records to encode).</summary>
    /// <param name="format">The record's format.</param>
    /// <param name="views">The finger views (1–255).</param>
    /// <exception cref="ArgumentException">No view, or more than 255.</exception>
    public FingerMinutiaeRecord(FingerMinutiaeFormat format, IEnumerable<FingerView> views)
        : this(format, views, 0, 0)
    {
    }

    internal FingerMinutiaeRecord(FingerMinutiaeFormat format, IEnumerable<FingerView> views, int declaredLength, int lengthFieldShortfall)
    {
        ArgumentNullException.ThrowIfNull(views);
        _views = [.. views];
        if (_views.Length is 0 or > 255)
        {
            throw new ArgumentException("A record holds 1 to 255 finger views.", nameof(views));
        }

        Format = format;
        DeclaredLength = declaredLength;
        LengthFieldShortfall = lengthFieldShortfall;
    }

    /// <summary>Gets the record's format.</summary>
    public FingerMinutiaeFormat Format { get; }

    /// <summary>Gets the finger views in record order.</summary>
    public IReadOnlyList<FingerView> Views => _views;

    /// <summary>Gets the value of the record's length field (0 for a record built in memory).</summary>
    public int DeclaredLength { get; }

    /// <summary>
    /// Gets by how many bytes the record's length field falls short of the record's real size: 0 for a
    /// conforming record; 1 or 2 for the known producer defect tolerated by
    /// the parser (see docs/decisions/0040-minutiae-record-length-tolerance.md).
    /// </summary>
    public int LengthFieldShortfall { get; }

    /// <summary>Parses a record, detecting its format from the header.</summary>
    /// <param name="data">Exactly one record.</param>
    /// <returns>The parsed record.</returns>
    /// <exception cref="BiometricDataFormatException">The data is not a well-formed record.</exception>
    public static FingerMinutiaeRecord Parse(ReadOnlySpan<byte> data) => FingerMinutiaeRecordReader.Read(data);

    /// <summary>Parses a record of a known format.</summary>
    /// <param name="data">Exactly one record.</param>
    /// <param name="format">The format the record must have.</param>
    /// <returns>The parsed record.</returns>
    /// <exception cref="BiometricDataFormatException">The data is not a well-formed record of that format.</exception>
    public static FingerMinutiaeRecord Parse(ReadOnlySpan<byte> data, FingerMinutiaeFormat format) => FingerMinutiaeRecordReader.Read(data, format);

    /// <summary>Overwrites the minutiae of every view.</summary>
    public void Dispose()
    {
        foreach (var view in _views)
        {
            view.Clear();
        }
    }

    /// <summary>Describes the record without its minutiae.</summary>
    /// <returns>Format and view count.</returns>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} record with {1} finger view(s)", Format, _views.Length);
}
