using Casd.Card.Biometrics;
using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>
/// Builders of the CASD card interface's command APDUs (docs/card-interface.md). Commands that
/// carry templates reference the caller's buffer; the caller clears it after the exchange.
/// </summary>
public static class CasdCommands
{
    /// <summary>INS of SELECT.</summary>
    public const byte SelectIns = 0xA4;

    /// <summary>INS of GET DATA.</summary>
    public const byte GetDataIns = 0xCA;

    /// <summary>INS of PUT DATA.</summary>
    public const byte PutDataIns = 0xDA;

    /// <summary>INS of VERIFY.</summary>
    public const byte VerifyIns = 0x20;

    /// <summary>INS of CHANGE REFERENCE DATA.</summary>
    public const byte ChangeReferenceDataIns = 0x24;

    /// <summary>INS of RESET RETRY COUNTER.</summary>
    public const byte ResetRetryCounterIns = 0x2C;

    /// <summary>INS of GENERATE ASYMMETRIC KEY PAIR.</summary>
    public const byte GenerateKeyPairIns = 0x47;

    /// <summary>INS of GENERAL AUTHENTICATE.</summary>
    public const byte GeneralAuthenticateIns = 0x87;

    /// <summary>INS of ACTIVATE FILE (personalisation or blocked to issued).</summary>
    public const byte ActivateIns = 0x44;

    /// <summary>INS of DEACTIVATE FILE (issued to blocked).</summary>
    public const byte DeactivateIns = 0x04;

    /// <summary>INS of DELETE FILE, which erases an unfinished personalisation.</summary>
    public const byte EraseIns = 0xE4;

    /// <summary>INS of TERMINATE CARD USAGE.</summary>
    public const byte TerminateIns = 0xFE;

    /// <summary>P1 of GENERAL AUTHENTICATE: ECC P-256 (PIV algorithm identifier '11').</summary>
    public const byte EccP256Algorithm = 0x11;

    /// <summary>P2 of GENERATE ASYMMETRIC KEY PAIR and GENERAL AUTHENTICATE: the card authentication key '9A'.</summary>
    public const byte CardKeyReference = 0x9A;

    /// <summary>SELECT the CASD application by AID, asking for the FCI.</summary>
    /// <returns>The command.</returns>
    public static CommandApdu Select() => new(0x00, SelectIns, 0x04, 0x00, CasdCardInterface.Aid.ToArray(), 256);

    /// <summary>GET DATA of one public object.</summary>
    /// <param name="tag">The object's tag (one or two bytes), for example <see cref="CasdTags.Holder"/>.</param>
    /// <param name="expectedLength">Ne; 256 suits every object but the certificate on a short-only link.</param>
    /// <returns>The command.</returns>
    public static CommandApdu GetData(uint tag, int expectedLength = 256)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, 0xFFFFu);
        return new CommandApdu(0x00, GetDataIns, (byte)(tag >> 8), (byte)tag, expectedLength: expectedLength);
    }

    /// <summary>PUT DATA of a writable object: the complete data object, whose tag is repeated in P1-P2.</summary>
    /// <param name="encodedObject">The complete data object, for example <see cref="HolderIdentity.Encode"/>.</param>
    /// <returns>The command.</returns>
    /// <exception cref="CardDataFormatException">The object is not one well-formed BER-TLV object.</exception>
    public static CommandApdu PutData(ReadOnlyMemory<byte> encodedObject)
    {
        var reader = new BerTlvReader(encodedObject.Span);
        var tag = reader.Read().Tag;
        if (reader.HasData || tag > 0xFFFF)
        {
            throw new CardDataFormatException("PUT DATA takes exactly one data object with a tag of one or two bytes.");
        }

        return new CommandApdu(0x00, PutDataIns, (byte)(tag >> 8), (byte)tag, encodedObject);
    }

    /// <summary>Stores the card's certificate (PUT DATA 'DF22').</summary>
    /// <param name="certificateDer">The X.509 certificate, DER.</param>
    /// <returns>The command.</returns>
    public static CommandApdu PutCertificate(ReadOnlySpan<byte> certificateDer)
    {
        using var writer = new BerTlvWriter(certificateDer.Length + 8);
        writer.Write(CasdTags.Certificate, certificateDer);
        return new CommandApdu(0x00, PutDataIns, 0xDF, 0x22, writer.ToArray());
    }

    /// <summary>Wraps minutiae into the biometric data template '7F2E' { '81' minutiae }.</summary>
    /// <param name="minutiae">ISO compact card minutiae, 3 bytes each.</param>
    /// <returns>The encoded template; secret: clear it after use.</returns>
    public static byte[] EncodeBiometricTemplate(ReadOnlySpan<byte> minutiae)
    {
        using var writer = new BerTlvWriter(minutiae.Length + 8);
        using (writer.PushConstructed(CasdTags.BiometricDataTemplate))
        {
            writer.Write(CasdTags.Minutiae, minutiae);
        }

        return writer.ToArray();
    }

    /// <summary>VERIFY a probe against a finger reference.</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="probe">Either '7F2E' { '81' minutiae } or bare minutiae (3N bytes); referenced, not copied.</param>
    /// <returns>The command.</returns>
    public static CommandApdu Verify(FingerReference reference, ReadOnlyMemory<byte> probe)
    {
        if (probe.IsEmpty)
        {
            throw new ArgumentException("A probe is required; use VerifyStatus to ask for the status.", nameof(probe));
        }

        return new CommandApdu(0x00, VerifyIns, 0x00, (byte)reference, probe);
    }

    /// <summary>An empty VERIFY: asks whether the reference is verified ('9000') or how many tries are left ('63CX').</summary>
    /// <param name="reference">The finger.</param>
    /// <returns>The command.</returns>
    public static CommandApdu VerifyStatus(FingerReference reference) => new(0x00, VerifyIns, 0x00, (byte)reference);

    /// <summary>VERIFY with P1='FF': clears the verification status of the reference.</summary>
    /// <param name="reference">The finger.</param>
    /// <returns>The command.</returns>
    public static CommandApdu ClearVerification(FingerReference reference) => new(0x00, VerifyIns, 0xFF, (byte)reference);

    /// <summary>CHANGE REFERENCE DATA: enrols a reference template (personalisation authority only).</summary>
    /// <param name="reference">The finger.</param>
    /// <param name="template">'7F2E' { '81' minutiae }, as <see cref="EncodeBiometricTemplate"/> builds it.</param>
    /// <param name="level">The security level the card decides matches at for this finger.</param>
    /// <returns>The command; its data is a new buffer holding the template: clear it after use.</returns>
    public static CommandApdu ChangeReferenceData(FingerReference reference, ReadOnlySpan<byte> template, MatchSecurityLevel level = MatchSecurityLevel.FalseMatchRate1In10000)
    {
        // The template, then 'DF50' with the level: the tag the BIT announces it under (decision 0062).
        using var writer = new BerTlvWriter(template.Length + 4);
        writer.WriteEncoded(template);
        writer.Write(CasdTags.MatchSecurityLevel, (byte)level);
        return new CommandApdu(0x00, ChangeReferenceDataIns, 0x00, (byte)reference, writer.ToArray());
    }

    /// <summary>RESET RETRY COUNTER (P1='03': no new reference data) for a finger (personalisation authority only).</summary>
    /// <param name="reference">The finger.</param>
    /// <returns>The command.</returns>
    public static CommandApdu ResetRetryCounter(FingerReference reference) => new(0x00, ResetRetryCounterIns, 0x03, (byte)reference);

    /// <summary>GENERATE ASYMMETRIC KEY PAIR for the card key (ECC P-256); the answer is '7F49'.</summary>
    /// <returns>The command.</returns>
    public static CommandApdu GenerateKeyPair() =>
        new(0x00, GenerateKeyPairIns, 0x00, CardKeyReference, new byte[] { 0xAC, 0x03, 0x80, 0x01, EccP256Algorithm }, 256);

    /// <summary>
    /// GENERAL AUTHENTICATE for a login: '7C' { '81' challenge, 'A0' { '80' audience hash }, '82' empty }.
    /// The card answers '7C' { 'BF40' the login statement it built, '82' its signature over the statement }.
    /// </summary>
    /// <param name="audienceHash">SHA-256 of the server's audience (<see cref="LoginStatement.HashAudience"/>), 32 bytes.</param>
    /// <param name="challenge">16 to 64 bytes from the server.</param>
    /// <returns>The command.</returns>
    public static CommandApdu GeneralAuthenticate(ReadOnlySpan<byte> audienceHash, ReadOnlySpan<byte> challenge)
    {
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(CasdTags.DynamicAuthenticationTemplate))
        {
            writer.Write(CasdTags.Challenge, challenge);
            using (writer.PushConstructed(CasdTags.IdentificationDataTemplate))
            {
                writer.Write(CasdTags.AudienceHash, audienceHash);
            }

            writer.Write(CasdTags.Response, ReadOnlySpan<byte>.Empty);
        }

        return new CommandApdu(0x00, GeneralAuthenticateIns, EccP256Algorithm, CardKeyReference, writer.ToArray(), 256);
    }

    /// <summary>ACTIVATE FILE: personalisation to issued (when complete), or blocked back to issued.</summary>
    /// <returns>The command.</returns>
    public static CommandApdu Activate() => new(0x00, ActivateIns, 0x00, 0x00);

    /// <summary>DEACTIVATE FILE: issued to blocked.</summary>
    /// <returns>The command.</returns>
    public static CommandApdu Deactivate() => new(0x00, DeactivateIns, 0x00, 0x00);

    /// <summary>
    /// DELETE FILE of the application's personalisation (P1-P2 '0000', no data): in the
    /// personalisation state only, erases holder, project, enrolment record, key pair, certificate
    /// and finger references in one atomic update, so an interrupted personalisation starts afresh.
    /// </summary>
    /// <returns>The command.</returns>
    public static CommandApdu ErasePersonalisation() => new(0x00, EraseIns, 0x00, 0x00);

    /// <summary>TERMINATE CARD USAGE: irreversible.</summary>
    /// <returns>The command.</returns>
    public static CommandApdu Terminate() => new(0x00, TerminateIns, 0x00, 0x00);
}
