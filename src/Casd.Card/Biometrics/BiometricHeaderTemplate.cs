namespace Casd.Card.Biometrics;

/// <summary>
/// The biometric header template ('A1' inside a BIT): which kind of biometric data the card
/// compares and in which format (ISO/IEC 7816-11, CBEFF header elements).
/// </summary>
/// <param name="BiometricType">The CBEFF biometric type (tag '81'); <see cref="FingerprintType"/> for fingers.</param>
/// <param name="BiometricSubtype">The CBEFF biometric subtype (tag '82', optional): which finger, as a CBEFF bit mask.</param>
/// <param name="FormatOwner">The CBEFF format owner (tag '87'); <see cref="JtcSc37FormatOwner"/>.</param>
/// <param name="FormatType">The CBEFF format type (tag '88'); <see cref="CompactCardFormatType"/>.</param>
public sealed record BiometricHeaderTemplate(byte BiometricType, byte? BiometricSubtype, ushort FormatOwner, ushort FormatType)
{
    /// <summary>The CBEFF biometric type of fingerprints.</summary>
    public const byte FingerprintType = 0x08;

    /// <summary>The CBEFF format owner ISO/IEC JTC 1/SC 37.</summary>
    public const ushort JtcSc37FormatOwner = 0x0101;

    /// <summary>The format type the CASD card interface uses for ISO/IEC 19794-2 compact card minutiae.</summary>
    public const ushort CompactCardFormatType = 0x0007;

    /// <summary>Gets the header of the CASD card: fingerprint, compact card minutiae, no subtype.</summary>
    public static BiometricHeaderTemplate CompactCardFingerprint { get; } = new(FingerprintType, null, JtcSc37FormatOwner, CompactCardFormatType);
}
