using System.Security.Cryptography;

namespace Casd.Card.Biometrics;

/// <summary>
/// A finger converted to compact-card minutiae for the card: a probe for VERIFY or a reference for
/// enrolment. It owns its buffer and zeroes it on <see cref="Dispose"/>; its string form is redacted.
/// </summary>
public sealed class CompactCardTemplate : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _length;
    private bool _disposed;

    private CompactCardTemplate(byte[] buffer, int length, FingerPosition position, CompactConversionResult conversion)
    {
        _buffer = buffer;
        _length = length;
        FingerPosition = position;
        Conversion = conversion;
    }

    /// <summary>Gets the finger position of the view it came from.</summary>
    public FingerPosition FingerPosition { get; }

    /// <summary>Gets what the conversion kept and dropped.</summary>
    public CompactConversionResult Conversion { get; }

    /// <summary>Gets the number of minutiae.</summary>
    public int MinutiaCount => _length / CompactMinutia.EncodedLength;

    /// <summary>Gets the compact-card minutiae (3 bytes each); secret.</summary>
    /// <exception cref="ObjectDisposedException">The data was disposed.</exception>
    public ReadOnlyMemory<byte> Minutiae
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.AsMemory(0, _length);
        }
    }

    /// <summary>Converts the first view of a 19794-2 or 378 record.</summary>
    /// <param name="record">The record bytes (format detected).</param>
    /// <param name="parameters">The card's parameters from its BIT.</param>
    /// <returns>The data; dispose it.</returns>
    /// <exception cref="BiometricDataFormatException">The record is malformed or has no view.</exception>
    public static CompactCardTemplate FromRecord(ReadOnlySpan<byte> record, BiometricMatchingParameters parameters)
    {
        using var parsed = FingerMinutiaeRecord.Parse(record);
        if (parsed.Views.Count == 0)
        {
            throw new BiometricDataFormatException("The finger minutiae record has no view.");
        }

        return FromView(parsed.Views[0], parameters);
    }

    /// <summary>Converts one view.</summary>
    /// <param name="view">The view.</param>
    /// <param name="parameters">The card's parameters from its BIT.</param>
    /// <returns>The data; dispose it.</returns>
    /// <exception cref="BiometricDataFormatException">The view's resolution does not allow a conversion.</exception>
    public static CompactCardTemplate FromView(FingerView view, BiometricMatchingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(parameters);
        var buffer = new byte[Math.Max(CompactMinutia.EncodedLength, CompactCardConverter.GetMaxEncodedLength(view, parameters))];
        try
        {
            var result = CompactCardConverter.Convert(view, parameters, buffer);
            return new CompactCardTemplate(buffer, result.BytesWritten, view.FingerPosition, result);
        }
        catch (ArgumentException ex)
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new BiometricDataFormatException("The finger view cannot be converted to the compact card format: " + ex.Message, ex);
        }
    }

    /// <summary>Wraps compact minutiae the caller already has; they are copied.</summary>
    /// <param name="compactMinutiae">3 bytes a minutia.</param>
    /// <returns>The data; dispose it.</returns>
    /// <exception cref="BiometricDataFormatException">The length is not a multiple of 3.</exception>
    public static CompactCardTemplate FromCompact(ReadOnlySpan<byte> compactMinutiae)
    {
        if (compactMinutiae.Length % CompactMinutia.EncodedLength != 0)
        {
            throw new BiometricDataFormatException("Compact card minutiae come in 3-byte units.");
        }

        var buffer = compactMinutiae.ToArray();
        var count = buffer.Length / CompactMinutia.EncodedLength;
        return new CompactCardTemplate(buffer, buffer.Length, FingerPosition.Unknown, new CompactConversionResult(count, 0, 0, false));
    }

    /// <summary>Zeroes the minutiae.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_buffer);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"Compact card template ({MinutiaCount} minutiae, values redacted)";
}
