using Casd.Card.Iso7816;
using Microsoft.Extensions.Logging;

namespace Casd.Card;

/// <summary>How a <see cref="CasdCard"/> talks to its card.</summary>
public sealed record CasdCardOptions
{
    /// <summary>
    /// Gets the factory of secure channels: a <see cref="SecureChannelFactory"/> with the desk's SCP03
    /// keys or the issuing CA. None by default: a card without a factory reads public objects only,
    /// and refuses to verify, enrol or sign (<see cref="CardChannelSecurityException"/>).
    /// </summary>
    public ICardChannelFactory? ChannelFactory { get; init; }

    /// <summary>Gets the logger; APDU headers, lengths and status words only, never data.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Gets the card's length capabilities; when <see langword="null"/> (the default), what the card
    /// announces in its ATR (<see cref="CardCapabilities.FromAtr"/>), short APDUs when it announces nothing.
    /// A reader that cannot carry extended APDUs needs <see cref="CardCapabilities.ShortOnly"/> here.
    /// </summary>
    public CardCapabilities? Capabilities { get; init; }
}
