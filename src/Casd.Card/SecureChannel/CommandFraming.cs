using Casd.Card.Iso7816;

namespace Casd.Card.SecureChannel;

/// <summary>
/// How the pipeline below frames a protected command, so that its C-MAC covers CLA INS P1 P2 and
/// Lc exactly as transmitted (Amendment D, 6.2.4; yubikit and pySim MAC the header they send), and
/// which Le the wrapped command asks for.
/// </summary>
/// <param name="Capabilities">The capabilities the pipeline formats commands for.</param>
/// <param name="AddLeForResponseMac">Whether a command without Le gets Le '00' when the response carries an R-MAC.</param>
internal readonly record struct CommandFraming(CardCapabilities Capabilities, bool AddLeForResponseMac)
{
    /// <summary>Gets whether a wrapped command with Nc data bytes and Ne travels with an extended Lc ('00' HH LL).</summary>
    /// <param name="nc">Nc of the wrapped command (data, padding and MAC).</param>
    /// <param name="ne">Ne of the wrapped command.</param>
    /// <returns><see langword="true"/> for an extended Lc.</returns>
    /// <remarks>
    /// The pipeline chains a command longer than the card's block (CLA bit '10'); the card
    /// reassembles it and checks the MAC over the Lc of the whole data field in its shortest form.
    /// Otherwise the bottom stage uses extended fields only when the card takes them and Nc or Ne
    /// does not fit a short field (<see cref="ApduLengthFormat.Auto"/>).
    /// </remarks>
    public bool UsesExtendedLc(int nc, int ne)
    {
        if (nc > Capabilities.MaxCommandDataLength && Capabilities.SupportsCommandChaining)
        {
            return nc > CommandApdu.MaxShortDataLength;
        }

        return nc > CommandApdu.MaxShortDataLength || (Capabilities.SupportsExtendedLength && ne > CommandApdu.MaxShortExpectedLength);
    }

    /// <summary>Gets Ne of the wrapped command: room for padding and R-MAC, extended only where the card takes it.</summary>
    /// <param name="plainNe">Ne of the plain command.</param>
    /// <param name="overhead">What protection adds to the response (R-MAC, padding).</param>
    /// <returns>0 (no Le), 256 ('00') or 65,536 (extended '0000').</returns>
    public int WrappedExpectedLength(int plainNe, int overhead)
    {
        if (plainNe == 0 && (overhead == 0 || !AddLeForResponseMac))
        {
            return 0;
        }

        if (plainNe + overhead <= CommandApdu.MaxShortExpectedLength || !Capabilities.SupportsExtendedLength)
        {
            return CommandApdu.MaxShortExpectedLength;
        }

        return CommandApdu.MaxExtendedExpectedLength;
    }
}
