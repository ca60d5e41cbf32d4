namespace Casd.Card.Iso7816;

/// <summary>The four command cases of ISO/IEC 7816-3/-4: whether a command carries data and expects data.</summary>
public enum ApduCase
{
    /// <summary>No command data, no response data expected.</summary>
    Case1 = 1,

    /// <summary>No command data, response data expected (Le present).</summary>
    Case2 = 2,

    /// <summary>Command data (Lc and data present), no response data expected.</summary>
    Case3 = 3,

    /// <summary>Command data and response data expected.</summary>
    Case4 = 4,
}
