namespace Casd.Card.Iso7816;

/// <summary>
/// Decides which commands carry data that must never be logged or traced: reference data and
/// biometric templates, authentication cryptograms, key material, and anything under secure messaging.
/// </summary>
public static class SensitiveCommands
{
    /// <summary>Gets whether a command's data (and its response's data) must be redacted.</summary>
    /// <param name="command">The command.</param>
    /// <returns><see langword="true"/> when its data must not appear in logs or traces.</returns>
    public static bool IsSensitive(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return IsSensitive(command.Cla, command.Ins);
    }

    /// <summary>Gets whether a command with this class and instruction carries secret data.</summary>
    /// <param name="cla">The class byte.</param>
    /// <param name="ins">The instruction byte.</param>
    /// <returns><see langword="true"/> when its data must not appear in logs or traces.</returns>
    public static bool IsSensitive(byte cla, byte ins)
    {
        if (ClassByte.GetSecureMessaging(cla) != SecureMessagingIndication.None)
        {
            return true;
        }

        return ins switch
        {
            0x20 or 0x21 => true, // VERIFY: PINs, biometric probes
            0x24 => true, // CHANGE REFERENCE DATA: reference templates
            0x2C => true, // RESET RETRY COUNTER
            0x2A => true, // PERFORM SECURITY OPERATION
            0x50 or 0x82 => true, // INITIALIZE UPDATE / EXTERNAL AUTHENTICATE: cryptograms
            0x86 or 0x87 or 0x88 => true, // GENERAL / INTERNAL AUTHENTICATE
            0xD8 => true, // PUT KEY
            0xDA or 0xDB => true, // PUT DATA may carry keys
            0xE2 => true, // STORE DATA
            _ => false,
        };
    }
}
