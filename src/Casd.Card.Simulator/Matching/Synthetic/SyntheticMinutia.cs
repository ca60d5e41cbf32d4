using Casd.Card.Biometrics;

namespace Casd.Card.Simulator.Matching.Synthetic;

/// <summary>One generated minutia before quantisation: position in 0.1 mm, direction in degrees.</summary>
internal readonly record struct SyntheticMinutia(double X, double Y, double AngleDegrees, MinutiaType Type)
{
    /// <summary>Quantises to the compact card format, clamping the position into 0–255.</summary>
    public CompactMinutia ToCompact()
    {
        var angle = (int)Math.Round(((AngleDegrees % 360) + 360) % 360 * CompactMinutia.AngleSteps / 360.0) % CompactMinutia.AngleSteps;
        return new CompactMinutia(Math.Clamp((int)Math.Round(X), 0, 255), Math.Clamp((int)Math.Round(Y), 0, 255), Type, angle);
    }
}
