namespace Casd.Card.Biometrics;

/// <summary>The interchange standard a finger minutiae record follows.</summary>
public enum FingerMinutiaeFormat
{
    /// <summary>ISO/IEC 19794-2:2005 (<c>FMR\0</c>, version <c>" 20\0"</c>, 4-byte record length).</summary>
    Iso19794Part2Version2005 = 1,

    /// <summary>ISO/IEC 19794-2:2011 (<c>FMR\0</c>, version <c>"030\0"</c>, per-representation headers).</summary>
    Iso19794Part2Version2011 = 2,

    /// <summary>ANSI INCITS 378-2004 (<c>FMR\0</c>, version <c>" 20\0"</c>, 2- or 6-byte record length, CBEFF product identifier).</summary>
    Ansi378Version2004 = 3,

    /// <summary>ANSI INCITS 378-2009 (<c>FMR\0</c>, version <c>"030\0"</c>, per-view image size and resolution).</summary>
    Ansi378Version2009 = 4,

    /// <summary>ANSI INCITS 378-2009 with Amendment 1 (version <c>"035\0"</c>); same layout as 2009.</summary>
    Ansi378Version2009Amendment1 = 5,
}
