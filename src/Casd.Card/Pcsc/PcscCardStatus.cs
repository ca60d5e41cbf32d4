namespace Casd.Card.Pcsc;

/// <summary>What SCardStatus reports about a connected card, platform-neutral.</summary>
/// <param name="ReaderName">The reader the card is in.</param>
/// <param name="IsCardPresent">Whether the card is still present.</param>
/// <param name="Protocol">The active protocol.</param>
/// <param name="Atr">The card's answer to reset.</param>
internal sealed record PcscCardStatus(string ReaderName, bool IsCardPresent, PcscProtocols Protocol, byte[] Atr);
