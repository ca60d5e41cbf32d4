using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>A two-byte status word SW1-SW2 that ends every response APDU.</summary>
/// <param name="Value">The status word as a 16-bit big-endian value, for example <c>0x9000</c>.</param>
public readonly record struct StatusWord(ushort Value)
{
    /// <summary>'9000': normal processing.</summary>
    public static readonly StatusWord Success = new(0x9000);

    /// <summary>'6700': wrong length.</summary>
    public static readonly StatusWord WrongLength = new(0x6700);

    /// <summary>'6882': secure messaging not supported.</summary>
    public static readonly StatusWord SecureMessagingNotSupported = new(0x6882);

    /// <summary>'6883': last command of the chain expected.</summary>
    public static readonly StatusWord LastCommandOfChainExpected = new(0x6883);

    /// <summary>'6884': command chaining not supported.</summary>
    public static readonly StatusWord CommandChainingNotSupported = new(0x6884);

    /// <summary>'6982': security status not satisfied.</summary>
    public static readonly StatusWord SecurityStatusNotSatisfied = new(0x6982);

    /// <summary>'6983': authentication method blocked.</summary>
    public static readonly StatusWord AuthenticationMethodBlocked = new(0x6983);

    /// <summary>'6985': conditions of use not satisfied.</summary>
    public static readonly StatusWord ConditionsOfUseNotSatisfied = new(0x6985);

    /// <summary>'6987': expected secure-messaging data objects missing.</summary>
    public static readonly StatusWord SecureMessagingDataObjectsMissing = new(0x6987);

    /// <summary>'6988': incorrect secure-messaging data objects.</summary>
    public static readonly StatusWord IncorrectSecureMessagingDataObjects = new(0x6988);

    /// <summary>'6A80': incorrect parameters in the command data field.</summary>
    public static readonly StatusWord IncorrectData = new(0x6A80);

    /// <summary>'6A81': function not supported.</summary>
    public static readonly StatusWord FunctionNotSupported = new(0x6A81);

    /// <summary>'6A82': file or application not found.</summary>
    public static readonly StatusWord FileNotFound = new(0x6A82);

    /// <summary>'6A84': not enough memory space in the file.</summary>
    public static readonly StatusWord NotEnoughMemory = new(0x6A84);

    /// <summary>'6A86': incorrect parameters P1-P2.</summary>
    public static readonly StatusWord IncorrectP1P2 = new(0x6A86);

    /// <summary>'6A88': referenced data or reference data not found.</summary>
    public static readonly StatusWord ReferencedDataNotFound = new(0x6A88);

    /// <summary>'6B00': wrong parameters P1-P2.</summary>
    public static readonly StatusWord WrongP1P2 = new(0x6B00);

    /// <summary>'6D00': instruction code not supported or invalid.</summary>
    public static readonly StatusWord InstructionNotSupported = new(0x6D00);

    /// <summary>'6E00': class not supported.</summary>
    public static readonly StatusWord ClassNotSupported = new(0x6E00);

    /// <summary>'6F00': no precise diagnosis.</summary>
    public static readonly StatusWord NoPreciseDiagnosis = new(0x6F00);

    /// <summary>Initializes a status word from its two bytes.</summary>
    /// <param name="sw1">SW1.</param>
    /// <param name="sw2">SW2.</param>
    public StatusWord(byte sw1, byte sw2)
        : this((ushort)((sw1 << 8) | sw2))
    {
    }

    /// <summary>Gets SW1.</summary>
    public byte Sw1 => (byte)(Value >> 8);

    /// <summary>Gets SW2.</summary>
    public byte Sw2 => (byte)Value;

    /// <summary>Gets whether processing completed normally ('9000').</summary>
    public bool IsSuccess => Value == 0x9000;

    /// <summary>Gets the broad meaning of the status word.</summary>
    public StatusWordClass Class => Sw1 switch
    {
        0x90 when Sw2 == 0 => StatusWordClass.Success,
        0x61 => StatusWordClass.Success,
        0x62 or 0x63 => StatusWordClass.Warning,
        >= 0x64 and <= 0x6F => StatusWordClass.Error,
        _ => StatusWordClass.Proprietary,
    };

    /// <summary>
    /// Gets the retry counter carried by '63CX' (verification failed, X tries left), or
    /// <see langword="null"/> for any other status word.
    /// </summary>
    public int? RetriesLeft => (Value & 0xFFF0) == 0x63C0 ? Value & 0x0F : null;

    /// <summary>Gets a readable English description of the status word.</summary>
    public string Description => StatusWordDescriptions.Describe(this);

    /// <summary>Formats the status word as four hexadecimal digits with its description.</summary>
    /// <returns>For example <c>6982 (security status not satisfied)</c>.</returns>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:X4} ({1})", Value, Description);
}
