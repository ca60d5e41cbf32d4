namespace Casd.Card.Interface;

/// <summary>The lifecycle of a CASD card, coded as the ISO/IEC 7816-4 life cycle status byte.</summary>
public enum CardLifecycleState
{
    /// <summary>'03' (initialisation): the desk writes data, keys and references.</summary>
    Personalisation = 0x03,

    /// <summary>'05' (operational, activated): the holder uses the card.</summary>
    Issued = 0x05,

    /// <summary>'04' (operational, deactivated): suspended by the centre; only reading and reactivation.</summary>
    Blocked = 0x04,

    /// <summary>'0C' (terminated): irreversible; only reading remains.</summary>
    Terminated = 0x0C,
}
