namespace Casd.Card.Biometrics;

/// <summary>The unit in which a record codes minutia directions (always counter-clockwise from the positive X axis).</summary>
public enum MinutiaAngleUnit
{
    /// <summary>ISO/IEC 19794-2: one unit is 360/256 = 1.40625 degrees (values 0–255).</summary>
    Iso256thOfCircle = 1,

    /// <summary>ANSI INCITS 378: one unit is 2 degrees (values 0–179).</summary>
    Ansi2Degrees = 2,
}
