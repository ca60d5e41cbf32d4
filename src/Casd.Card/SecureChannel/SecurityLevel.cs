namespace Casd.Card.SecureChannel;

/// <summary>
/// The GlobalPlatform security level of a secure channel session: the P1 of EXTERNAL
/// AUTHENTICATE (SCP03) and the protection applied to every command and response.
/// </summary>
[Flags]
public enum SecurityLevel
{
    /// <summary>No secure messaging (authentication only); never used by this library.</summary>
    None = 0,

    /// <summary>C-MAC: every command carries a MAC ('01').</summary>
    CommandMac = 0x01,

    /// <summary>C-DECRYPTION: command data are encrypted ('02'); requires <see cref="CommandMac"/>.</summary>
    CommandEncryption = 0x02,

    /// <summary>R-MAC: every successful response carries a MAC ('10').</summary>
    ResponseMac = 0x10,

    /// <summary>R-ENCRYPTION: response data are encrypted ('20'); requires <see cref="ResponseMac"/> and <see cref="CommandEncryption"/>.</summary>
    ResponseEncryption = 0x20,

    /// <summary>C-MAC, C-DECRYPTION, R-MAC and R-ENCRYPTION ('33'): the default.</summary>
    Full = CommandMac | CommandEncryption | ResponseMac | ResponseEncryption,
}
