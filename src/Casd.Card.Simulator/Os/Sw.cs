namespace Casd.Card.Simulator.Os;

/// <summary>The status words the simulated card answers (docs/card-interface.md, section 6).</summary>
internal static class Sw
{
    public const ushort Ok = 0x9000;
    public const ushort WrongLength = 0x6700;
    public const ushort LogicalChannelNotSupported = 0x6881;
    public const ushort SecureMessagingNotSupported = 0x6882;
    public const ushort LastCommandOfChainExpected = 0x6883;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ConditionsOfUseNotSatisfied = 0x6985;
    public const ushort IncorrectData = 0x6A80;
    public const ushort FileNotFound = 0x6A82;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort InstructionNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;
    public const ushort NoPreciseDiagnosis = 0x6F00;

    public static ushort RetriesLeft(int left) => (ushort)(0x63C0 | (left & 0x0F));
}
