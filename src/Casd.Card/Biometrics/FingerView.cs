using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// One finger view of a minutiae record: which finger, how it was captured, the image geometry the
/// coordinates refer to, and its minutiae. Every format is normalised to this shape: where a format
/// stores image size and resolution once for the whole record (ISO 2005, ANSI 2004), each view gets a copy.
/// </summary>
public sealed class FingerView
{
    private readonly Minutia[] _minutiae;

    /// <summary>Initializes a view.</summary>
    /// <param name="fingerPosition">The finger position code (values outside 0–10 are kept as they are).</param>
    /// <param name="viewNumber">The view number (0–15).</param>
    /// <param name="impressionType">The impression type code (0 live-scan plain, 1 live-scan rolled, …).</param>
    /// <param name="quality">The finger quality (0–100; 254/255 where the format allows them).</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <param name="resolutionX">The horizontal resolution in pixels per centimetre.</param>
    /// <param name="resolutionY">The vertical resolution in pixels per centimetre.</param>
    /// <param name="minutiae">The minutiae (copied; at most 255).</param>
    /// <param name="extendedDataLength">The length of the extended data block the record carried for this view (skipped, not interpreted).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit its field.</exception>
    public FingerView(
        FingerPosition fingerPosition,
        int viewNumber,
        int impressionType,
        int quality,
        int width,
        int height,
        int resolutionX,
        int resolutionY,
        ReadOnlySpan<Minutia> minutiae,
        int extendedDataLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative((int)fingerPosition, nameof(fingerPosition));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)fingerPosition, 255, nameof(fingerPosition));
        ArgumentOutOfRangeException.ThrowIfNegative(viewNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(viewNumber, 15);
        ArgumentOutOfRangeException.ThrowIfNegative(impressionType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(impressionType, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 0xFFFF);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 0xFFFF);
        ArgumentOutOfRangeException.ThrowIfNegative(resolutionX);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolutionX, 0xFFFF);
        ArgumentOutOfRangeException.ThrowIfNegative(resolutionY);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolutionY, 0xFFFF);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minutiae.Length, 255, nameof(minutiae));
        ArgumentOutOfRangeException.ThrowIfNegative(extendedDataLength);
        FingerPosition = fingerPosition;
        ViewNumber = viewNumber;
        ImpressionType = impressionType;
        Quality = quality;
        Width = width;
        Height = height;
        ResolutionX = resolutionX;
        ResolutionY = resolutionY;
        _minutiae = minutiae.ToArray();
        ExtendedDataLength = extendedDataLength;
    }

    /// <summary>Gets the finger position.</summary>
    public FingerPosition FingerPosition { get; }

    /// <summary>Gets the view number (distinguishes several views of the same finger).</summary>
    public int ViewNumber { get; }

    /// <summary>Gets the impression type code (0 live-scan plain, 1 live-scan rolled, 2/3 non-live, 8 swipe).</summary>
    public int ImpressionType { get; }

    /// <summary>Gets the finger (view) quality.</summary>
    public int Quality { get; }

    /// <summary>Gets the image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the horizontal resolution in pixels per centimetre (197 is 500 ppi).</summary>
    public int ResolutionX { get; }

    /// <summary>Gets the vertical resolution in pixels per centimetre.</summary>
    public int ResolutionY { get; }

    /// <summary>Gets the minutiae in record order.</summary>
    public ReadOnlySpan<Minutia> Minutiae => _minutiae;

    /// <summary>Gets the number of minutiae.</summary>
    public int MinutiaCount => _minutiae.Length;

    /// <summary>Gets the length in bytes of the extended data the record carried for this view (skipped).</summary>
    public int ExtendedDataLength { get; }

    /// <summary>Overwrites the minutiae with zeros, so biometric data does not linger in memory.</summary>
    public void Clear() => Array.Clear(_minutiae);

    /// <summary>Describes the view without its minutiae.</summary>
    /// <returns>Finger, minutia count and image geometry.</returns>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "Finger view {0} #{1}: {2} minutiae, {3}x{4} px at {5}x{6} px/cm",
        FingerPosition,
        ViewNumber,
        MinutiaCount,
        Width,
        Height,
        ResolutionX,
        ResolutionY);
}
