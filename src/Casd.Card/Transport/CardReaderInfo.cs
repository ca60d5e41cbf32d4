namespace Casd.Card.Transport;

/// <summary>A reader as last seen: its name, whether a card is in it, and that card's ATR.</summary>
/// <param name="Name">The reader's name as the platform reports it.</param>
/// <param name="IsCardPresent">Whether a card is present.</param>
/// <param name="Atr">The present card's answer to reset; empty when there is no card.</param>
public sealed record CardReaderInfo(string Name, bool IsCardPresent, ReadOnlyMemory<byte> Atr);
