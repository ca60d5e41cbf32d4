namespace Casd.Card.Simulator.Os;

/// <summary>What a command handler answers: response data (or none) and the status word.</summary>
internal readonly record struct CardResponse(byte[]? Data, ushort Sw)
{
    public static CardResponse Status(ushort sw) => new(null, sw);

    public static CardResponse Ok(byte[]? data = null) => new(data, 0x9000);
}
