namespace Casd.Card.Interface;

/// <summary>BER-TLV tags of the CASD card interface; GET DATA and PUT DATA take them as P1-P2.</summary>
public static class CasdTags
{
    /// <summary>'6F': the FCI template returned by SELECT.</summary>
    public const uint Fci = 0x6F;

    /// <summary>'84': the DF name (AID) inside the FCI.</summary>
    public const uint DfName = 0x84;

    /// <summary>'50': the application label inside the FCI.</summary>
    public const uint ApplicationLabel = 0x50;

    /// <summary>'DF30': the interface version inside the FCI (2 bytes: major, minor).</summary>
    public const uint InterfaceVersion = 0xDF30;

    /// <summary>'7F61': the Biometric Information Template group.</summary>
    public const uint BitGroup = 0x7F61;

    /// <summary>'7F60': one Biometric Information Template.</summary>
    public const uint Bit = 0x7F60;

    /// <summary>'DF20': the card serial number (8 bytes).</summary>
    public const uint CardSerial = 0xDF20;

    /// <summary>'DF21': the lifecycle state (1 byte, ISO/IEC 7816-4 LCS coding).</summary>
    public const uint Lifecycle = 0xDF21;

    /// <summary>'DF22': the card's X.509 certificate (DER).</summary>
    public const uint Certificate = 0xDF22;

    /// <summary>'7F49': the card's public key template (tag '86': uncompressed P-256 point).</summary>
    public const uint PublicKey = 0x7F49;

    /// <summary>'86': the uncompressed EC point inside '7F49'.</summary>
    public const uint EcPoint = 0x86;

    /// <summary>'BF20': the holder identity template.</summary>
    public const uint Holder = 0xBF20;

    /// <summary>
    /// 'BF24': the project template. ('BF21' is the GlobalPlatform certificate store of the card's
    /// security domain, GET DATA of SCP11; docs/decisions/0035-project-tag-off-the-certificate-store.md.)
    /// </summary>
    public const uint Project = 0xBF24;

    /// <summary>'BF22': the enrolment record template.</summary>
    public const uint EnrolmentRecord = 0xBF22;

    /// <summary>'BF23': the biometric status template.</summary>
    public const uint BiometricStatus = 0xBF23;

    /// <summary>'A0' inside '7C': the identification data template, here of the relying party (the audience).</summary>
    public const uint IdentificationDataTemplate = 0xA0;

    /// <summary>'80' inside 'A0' of '7C': SHA-256 of the audience.</summary>
    public const uint AudienceHash = 0x80;

    /// <summary>'BF25': login information, one read for the client: lifecycle, project, enrolment record, biometric status and certificate.</summary>
    public const uint LoginInformation = 0xBF25;

    /// <summary>'BF40': the login statement the card signs (<see cref="Interface.LoginStatement"/>).</summary>
    public const uint LoginStatement = 0xBF40;

    /// <summary>'BF31': the card's SCP03 status: '80' consecutive failed authentications, '81' their limit, '82' the 3-byte sequence counter.</summary>
    public const uint SecureChannelStatus = 0xBF31;

    /// <summary>'7F2E': the biometric data template carrying minutiae in tag '81'.</summary>
    public const uint BiometricDataTemplate = 0x7F2E;

    /// <summary>'81': the minutiae inside '7F2E' (ISO compact card format, 3 bytes each).</summary>
    public const uint Minutiae = 0x81;

    /// <summary>'DF50': the match security level that may follow '7F2E' in CHANGE REFERENCE DATA.</summary>
    public const uint MatchSecurityLevel = 0xDF50;

    /// <summary>'7C': the dynamic authentication template of GENERAL AUTHENTICATE.</summary>
    public const uint DynamicAuthenticationTemplate = 0x7C;

    /// <summary>'81': the challenge inside '7C'.</summary>
    public const uint Challenge = 0x81;

    /// <summary>'82': the response (signature) inside '7C'.</summary>
    public const uint Response = 0x82;
}
