using Casd.Card.Iso7816;
using Microsoft.Extensions.Logging;

namespace Casd.Card;

/// <summary>How a <see cref="CasdCard"/> talks to its card.</summary>
public sealed record CasdCardOptions
{
    /// <summary>Gets the factory of secure channels; <see cref="PlainChannelFactory"/> (no secure messaging) by default.</summary>
    public ICardChannelFactory ChannelFactory { get; init; } = PlainChannelFactory.Instance;

    /// <summary>Gets the logger; APDU headers, lengths and status words only, never data.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Gets the card's length capabilities; short APDUs with chaining by default.</summary>
    public CardCapabilities Capabilities { get; init; } = CardCapabilities.ShortOnly;
}
