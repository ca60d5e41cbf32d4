using System.Globalization;

namespace Casd.Card.Iso7816;

/// <summary>The ISO/IEC 7816-4 (2020, table 6) meanings of status words, in words.</summary>
internal static class StatusWordDescriptions
{
    public static string Describe(StatusWord sw)
    {
        var sw1 = sw.Sw1;
        var sw2 = sw.Sw2;
        return sw1 switch
        {
            0x90 when sw2 == 0x00 => "normal processing, no further qualification",
            0x61 => string.Format(CultureInfo.InvariantCulture, "normal processing, {0} response bytes still available (GET RESPONSE)", sw2 == 0 ? 256 : sw2),
            0x62 => Warning62(sw2),
            0x63 => Warning63(sw2),
            0x64 => sw2 switch
            {
                0x00 => "execution error, state of non-volatile memory unchanged",
                0x01 => "execution error, immediate response required by the card",
                _ => string.Format(CultureInfo.InvariantCulture, "execution error, non-volatile memory unchanged, triggering by the card ({0:X2})", sw2),
            },
            0x65 => sw2 switch
            {
                0x81 => "execution error, memory failure",
                _ => "execution error, state of non-volatile memory changed",
            },
            0x66 => "execution error, security-related issue",
            0x67 => sw2 == 0 ? "wrong length (Lc or Le)" : "checking error, wrong length",
            0x68 => sw2 switch
            {
                0x81 => "function in CLA not supported: logical channel not supported",
                0x82 => "function in CLA not supported: secure messaging not supported",
                0x83 => "function in CLA not supported: last command of the chain expected",
                0x84 => "function in CLA not supported: command chaining not supported",
                _ => "function in CLA not supported",
            },
            0x69 => sw2 switch
            {
                0x81 => "command not allowed: command incompatible with file structure",
                0x82 => "command not allowed: security status not satisfied",
                0x83 => "command not allowed: authentication method blocked",
                0x84 => "command not allowed: reference data not usable",
                0x85 => "command not allowed: conditions of use not satisfied",
                0x86 => "command not allowed: no current elementary file",
                0x87 => "command not allowed: expected secure-messaging data objects missing",
                0x88 => "command not allowed: incorrect secure-messaging data objects",
                _ => "command not allowed",
            },
            0x6A => sw2 switch
            {
                0x80 => "wrong parameters: incorrect parameters in the command data field",
                0x81 => "wrong parameters: function not supported",
                0x82 => "wrong parameters: file or application not found",
                0x83 => "wrong parameters: record not found",
                0x84 => "wrong parameters: not enough memory space in the file",
                0x85 => "wrong parameters: Nc inconsistent with TLV structure",
                0x86 => "wrong parameters: incorrect parameters P1-P2",
                0x87 => "wrong parameters: Nc inconsistent with parameters P1-P2",
                0x88 => "wrong parameters: referenced data or reference data not found",
                0x89 => "wrong parameters: file already exists",
                0x8A => "wrong parameters: DF name already exists",
                _ => "wrong parameters P1-P2",
            },
            0x6B => "wrong parameters P1-P2",
            0x6C => string.Format(CultureInfo.InvariantCulture, "wrong Le field: {0} data bytes available", sw2 == 0 ? 256 : sw2),
            0x6D => "instruction code not supported or invalid",
            0x6E => "class not supported",
            0x6F => "no precise diagnosis",
            _ => "proprietary or unknown status word",
        };
    }

    private static string Warning62(byte sw2) => sw2 switch
    {
        0x00 => "warning, state of non-volatile memory unchanged",
        0x81 => "warning: part of the returned data may be corrupted",
        0x82 => "warning: end of file or record reached before reading Ne bytes",
        0x83 => "warning: selected file deactivated",
        0x84 => "warning: file or data control information not formatted",
        0x85 => "warning: selected file in termination state",
        0x86 => "warning: no input data available from a sensor on the card",
        0x87 => "warning: at least one referenced record is deactivated",
        >= 0x02 and <= 0x80 => "warning: triggering by the card",
        _ => "warning, state of non-volatile memory unchanged",
    };

    private static string Warning63(byte sw2) => sw2 switch
    {
        0x00 => "warning, state of non-volatile memory changed",
        0x81 => "warning: file filled up by the last write",
        _ when (sw2 & 0xF0) == 0xC0 => string.Format(CultureInfo.InvariantCulture, "warning: verification failed, {0} tries left", sw2 & 0x0F),
        _ => "warning, state of non-volatile memory changed",
    };
}
