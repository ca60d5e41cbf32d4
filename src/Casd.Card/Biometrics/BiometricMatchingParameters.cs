using System.Globalization;

namespace Casd.Card.Biometrics;

/// <summary>
/// The card's biometric matching algorithm parameters, as the BIT announces them in template B1:
/// how many minutiae it accepts, in which order, which extra features it handles, and (a Casd.Card
/// extension, tag DF50) the security level its decision threshold is set for.
/// </summary>
public sealed record BiometricMatchingParameters
{
    /// <summary>The default minimum number of minutiae.</summary>
    public const int DefaultMinimumMinutiae = 12;

    /// <summary>The default maximum number of minutiae (60 minutiae = 180 bytes, which keeps VERIFY within one short APDU).</summary>
    public const int DefaultMaximumMinutiae = 60;

    private readonly int _minimumMinutiae = DefaultMinimumMinutiae;
    private readonly int _maximumMinutiae = DefaultMaximumMinutiae;
    private readonly MatchSecurityLevel _securityLevel = MatchSecurityLevel.FalseMatchRate1In10000;

    /// <summary>Gets the defaults: 12–60 minutiae, no ordering, no extra features, 1:10,000.</summary>
    public static BiometricMatchingParameters Default { get; } = new();

    /// <summary>Gets the fewest minutiae the card accepts (B1/81, first byte); also the enrolment gate's minimum.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0–255.</exception>
    public int MinimumMinutiae
    {
        get => _minimumMinutiae;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 255);
            _minimumMinutiae = value;
        }
    }

    /// <summary>Gets the most minutiae the card accepts (B1/81, second byte); the converter keeps the best this many.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1–255.</exception>
    public int MaximumMinutiae
    {
        get => _maximumMinutiae;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 255);
            _maximumMinutiae = value;
        }
    }

    /// <summary>Gets the order the card demands (B1/82).</summary>
    public MinutiaeOrder Order { get; init; }

    /// <summary>Gets the feature handling indicator (B1/83): 0 when the card uses minutiae only (the compact format carries nothing else).</summary>
    public byte FeatureHandling { get; init; }

    /// <summary>Gets the false-match rate the card's decision threshold is set for (B1/DF50, Casd.Card extension: the tag CHANGE REFERENCE DATA takes it in).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public MatchSecurityLevel SecurityLevel
    {
        get => _securityLevel;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Unknown match security level.");
            }

            _securityLevel = value;
        }
    }

    /// <summary>Checks that the minimum does not exceed the maximum.</summary>
    /// <exception cref="ArgumentException">The minimum is above the maximum.</exception>
    public void Validate()
    {
        if (MinimumMinutiae > MaximumMinutiae)
        {
            throw new ArgumentException(string.Format(
                CultureInfo.InvariantCulture,
                "The minimum number of minutiae ({0}) exceeds the maximum ({1}).",
                MinimumMinutiae,
                MaximumMinutiae));
        }
    }
}
