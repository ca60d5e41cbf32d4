namespace Casd.Card.Transport;

/// <summary>A change seen on a reader.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="ReaderName">The reader it happened to.</param>
/// <param name="Atr">For <see cref="ReaderEventKind.CardInserted"/>, the card's answer to reset; otherwise empty.</param>
public sealed record ReaderEvent(ReaderEventKind Kind, string ReaderName, ReadOnlyMemory<byte> Atr);
