using Casd.Card.Iso7816;

namespace Casd.Card.SecureChannel;

/// <summary>What SCP03 and SCP11b sessions share: the mode and how protected commands are framed.</summary>
public abstract record SecureMessagingOptions
{
    /// <summary>Gets the size of challenges, cryptograms and MACs; <see cref="ScpMode.S8"/> by default. The card must be configured for the same mode.</summary>
    public ScpMode Mode { get; init; } = ScpMode.S8;

    /// <summary>
    /// Gets the capabilities of the transmitter the channel is opened on, which decide whether a
    /// protected command travels with a short or an extended Lc and so what its C-MAC covers (the
    /// Lc as transmitted). Taken from the <see cref="ApduPipeline"/> when the transmitter is one;
    /// <see langword="null"/> otherwise means <see cref="CardCapabilities.ShortOnly"/>: the channel
    /// then asks at most 256 response bytes per exchange, so any pipeline below frames its commands
    /// the way their MAC says.
    /// </summary>
    public CardCapabilities? Capabilities { get; init; }

    /// <summary>
    /// Gets whether a command sent without Le gets Le '00' when responses carry an R-MAC, so the
    /// card can return the R-MAC in the same exchange (ISO/IEC 7816-4, 5.1: no Le, no response
    /// data). <see langword="true"/> by default; <see langword="false"/> sends each command's own
    /// case, as yubikit, GlobalPlatformPro and OpenSCP do, and the card answers '61XX' first.
    /// </summary>
    public bool AddLeForResponseMac { get; init; } = true;

    internal CommandFraming Framing(IApduTransmitter transmitter) =>
        new(Capabilities ?? (transmitter as ApduPipeline)?.Capabilities ?? CardCapabilities.ShortOnly, AddLeForResponseMac);
}
