namespace Casd.Card.TestData;

/// <summary>A published SCP11a or SCP11c session from MUTUAL AUTHENTICATE on, with the off-card keys that produced it.</summary>
/// <param name="Name">What the session is.</param>
/// <param name="Source">The file of OpenSCP-Java's test data it comes from.</param>
/// <param name="Curve">The curve name: P-256, P-384 or brainpoolP256r1.</param>
/// <param name="KeyLength">The session key length in bytes (16, 24, 32).</param>
/// <param name="Mode">8 (S8) or 16 (S16).</param>
/// <param name="StaticOceKey">SK.OCE.ECKA, PKCS#8 hexadecimal.</param>
/// <param name="EphemeralOceKey">eSK.OCE.ECKA, PKCS#8 hexadecimal.</param>
/// <param name="CertificateStore">The card's 'BF21' store (the card's certificate last), hexadecimal.</param>
/// <param name="Authenticate">MUTUAL AUTHENTICATE as sent.</param>
/// <param name="AuthenticateResponse">The card's answer: '5F49' ePK.SD, '86' receipt, status word.</param>
/// <param name="GetStatus">The protected GET STATUS (packages) and its answer.</param>
internal sealed record Scp11Session(
    string Name,
    string Source,
    string Curve,
    int KeyLength,
    int Mode,
    string StaticOceKey,
    string EphemeralOceKey,
    string CertificateStore,
    string Authenticate,
    string AuthenticateResponse,
    RecordedExchange GetStatus)
{
    /// <summary>Gets the data field of MUTUAL AUTHENTICATE ('A6' template and '5F49' ePK.OCE).</summary>
    public byte[] AuthenticateData
    {
        get
        {
            var command = Convert.FromHexString(Authenticate);
            return command[5..(5 + command[4])];
        }
    }

    /// <summary>Gets the '5F49' ePK.SD TLV of the card's answer.</summary>
    public byte[] CardKeyTlv
    {
        get
        {
            var answer = Convert.FromHexString(AuthenticateResponse);
            return answer[..(3 + answer[2])];
        }
    }

    /// <summary>Gets the 16-byte receipt of the card's answer.</summary>
    public byte[] Receipt => Convert.FromHexString(AuthenticateResponse)[^18..^2];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
