namespace Casd.Card.Enrolment;

/// <summary>What the desk asks its certificate authority to certify for a card.</summary>
/// <param name="PublicKey">The card's P-256 public key as an uncompressed point (65 bytes, '04' X Y), as GENERATE ASYMMETRIC KEY PAIR returned it.</param>
/// <param name="CardSerial">The card serial number, in hexadecimal.</param>
/// <param name="ProjectId">The project the card is bound to.</param>
/// <param name="NotBefore">The start of the certificate's validity (the issue date).</param>
/// <param name="NotAfter">The end of the certificate's validity: the end of the enrolment's validity.</param>
public sealed record CardCertificateRequest(
    ReadOnlyMemory<byte> PublicKey,
    string CardSerial,
    string ProjectId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
