namespace Casd.Card;

/// <summary>
/// What a channel to the card guarantees, so a workflow can refuse to send a template, a probe or
/// a key request over a channel that does not protect it (security invariant 2,
/// docs/security-model.md). GlobalPlatform SCP03 and SCP11b map their security level onto these.
/// </summary>
[Flags]
public enum CardChannelProtection
{
    /// <summary>Nothing: commands and responses cross the reader link in clear, from and to anyone.</summary>
    None = 0,

    /// <summary>The card proved a key that only a genuine card holds (SCP03 card cryptogram, SCP11b receipt over a certified key).</summary>
    CardAuthenticated = 0x01,

    /// <summary>Every command carries a MAC the card checks (C-MAC): nothing can be injected or changed on the way.</summary>
    CommandIntegrity = 0x02,

    /// <summary>Command data are encrypted (C-DECRYPTION): templates and probes are unreadable on the link.</summary>
    CommandConfidentiality = 0x04,

    /// <summary>Every response carries a MAC the host checks (R-MAC): an answer cannot be forged on the link.</summary>
    ResponseIntegrity = 0x08,

    /// <summary>Response data are encrypted (R-ENCRYPTION).</summary>
    ResponseConfidentiality = 0x10,
}
