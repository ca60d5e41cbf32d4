namespace Casd.Card.Iso7816;

/// <summary>How the length fields Lc and Le of a command APDU are encoded.</summary>
public enum ApduLengthFormat
{
    /// <summary>Short fields when Nc and Ne fit (Nc ≤ 255, Ne ≤ 256), extended otherwise.</summary>
    Auto = 0,

    /// <summary>Short fields only; a command that does not fit is refused.</summary>
    ShortOnly = 1,

    /// <summary>Extended fields whenever the command has Lc or Le.</summary>
    Extended = 2,
}
