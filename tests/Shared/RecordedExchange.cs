namespace Casd.Card.TestData;

/// <summary>One recorded command APDU and the card's response APDU, hexadecimal.</summary>
/// <param name="Command">The command as sent.</param>
/// <param name="Response">The response as received, status word included.</param>
internal readonly record struct RecordedExchange(string Command, string Response);
