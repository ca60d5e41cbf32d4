namespace Casd.Card.Biometrics;

/// <summary>
/// One Biometric Information Template ('7F60', ISO/IEC 7816-11): what a card announces about one
/// reference — its key reference, data format and matching parameters. Never template bytes.
/// </summary>
/// <param name="ReferenceQualifier">The reference data qualifier (tag '83'): the key reference of the finger, for example '96'.</param>
/// <param name="AlgorithmReference">The algorithm reference (tag '80', optional).</param>
/// <param name="Header">The biometric header template ('A1').</param>
/// <param name="Parameters">The biometric matching algorithm parameters ('B1'), including the security level the issuer set.</param>
public sealed record BiometricInformationTemplate(byte ReferenceQualifier, byte? AlgorithmReference, BiometricHeaderTemplate Header, BiometricMatchingParameters Parameters);
