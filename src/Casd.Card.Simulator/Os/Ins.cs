namespace Casd.Card.Simulator.Os;

/// <summary>
/// The instructions the simulated card knows (docs/card-interface.md, section 5), written down on
/// the card's side: the host's command builders have their own table (decision 0021), so a wrong
/// byte on one side shows up as a refused command instead of being mirrored on the other.
/// </summary>
internal static class Ins
{
    /// <summary>SELECT (ISO/IEC 7816-4, 11.2.2): handled by the card OS.</summary>
    public const byte Select = 0xA4;

    /// <summary>GET RESPONSE (ISO/IEC 7816-4, 11.6.1): handled by the card OS.</summary>
    public const byte GetResponse = 0xC0;

    /// <summary>GET DATA (ISO/IEC 7816-4, 11.4.3).</summary>
    public const byte GetData = 0xCA;

    /// <summary>PUT DATA (ISO/IEC 7816-4, 11.4.6).</summary>
    public const byte PutData = 0xDA;

    /// <summary>VERIFY (ISO/IEC 7816-4, 11.5.6).</summary>
    public const byte Verify = 0x20;

    /// <summary>CHANGE REFERENCE DATA (ISO/IEC 7816-4, 11.5.7).</summary>
    public const byte ChangeReferenceData = 0x24;

    /// <summary>RESET RETRY COUNTER (ISO/IEC 7816-4, 11.5.10).</summary>
    public const byte ResetRetryCounter = 0x2C;

    /// <summary>GENERATE ASYMMETRIC KEY PAIR (ISO/IEC 7816-8).</summary>
    public const byte GenerateKeyPair = 0x47;

    /// <summary>GENERAL AUTHENTICATE (ISO/IEC 7816-4, 11.5.5).</summary>
    public const byte GeneralAuthenticate = 0x87;

    /// <summary>ACTIVATE FILE (ISO/IEC 7816-9): personalisation or blocked to issued.</summary>
    public const byte Activate = 0x44;

    /// <summary>DEACTIVATE FILE (ISO/IEC 7816-9): issued to blocked.</summary>
    public const byte Deactivate = 0x04;

    /// <summary>DELETE FILE (ISO/IEC 7816-9): erases an unfinished personalisation.</summary>
    public const byte Erase = 0xE4;

    /// <summary>TERMINATE CARD USAGE (ISO/IEC 7816-9).</summary>
    public const byte Terminate = 0xFE;
}
