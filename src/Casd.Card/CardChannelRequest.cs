namespace Casd.Card;

/// <summary>What a <see cref="ICardChannelFactory"/> needs to open a channel to the selected CASD application.</summary>
/// <param name="Purpose">Personalisation (SCP03) or verification (SCP11b).</param>
/// <param name="CardSerial">The card serial (hexadecimal) read in the clear: the key diversification data for SCP03, the expected serial for SCP11b.</param>
public sealed record CardChannelRequest(CardChannelPurpose Purpose, string CardSerial);
