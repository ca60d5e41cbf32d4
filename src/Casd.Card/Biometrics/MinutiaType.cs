namespace Casd.Card.Biometrics;

/// <summary>The type of a minutia, coded in 2 bits in every format this library reads and writes.</summary>
public enum MinutiaType
{
    /// <summary>Type not determined (code <c>00</c>).</summary>
    Other = 0,

    /// <summary>A ridge ending (code <c>01</c>).</summary>
    RidgeEnding = 1,

    /// <summary>A ridge bifurcation (code <c>10</c>).</summary>
    RidgeBifurcation = 2,
}
