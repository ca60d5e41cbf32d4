namespace Casd.Card;

/// <summary>What a secure channel is opened for; it decides the protocol and the security level.</summary>
public enum CardChannelPurpose
{
    /// <summary>The enrolment desk: SCP03 with the card's diversified keys, C-DECRYPTION and C-MAC (and R-MAC/R-ENCRYPTION when available).</summary>
    Personalisation = 0,

    /// <summary>Verification and remote access: SCP11b authenticated by the card's certificate, with encryption.</summary>
    Verification = 1,
}
