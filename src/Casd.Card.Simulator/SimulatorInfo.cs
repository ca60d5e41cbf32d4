namespace Casd.Card.Simulator;

/// <summary>Facts about the simulator package.</summary>
public static class SimulatorInfo
{
    /// <summary>The version of the card interface the simulator implements (docs/card-interface.md).</summary>
    public const string CardInterfaceVersion = "1.0";
}
