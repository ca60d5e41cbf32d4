using Casd.Card.Iso7816;

namespace Casd.Card;

/// <summary>
/// A channel to the selected CASD application, opened by an <see cref="ICardChannelFactory"/>:
/// every command of the session goes through it, and it states what it protects. Disposing it
/// ends the session on the host side and zeroes its keys; the card forgets the session at its next
/// reset, SELECT or failed command.
/// </summary>
public interface ICardChannel : IApduTransmitter, IDisposable
{
    /// <summary>Gets what the channel protects.</summary>
    CardChannelProtection Protection { get; }

    /// <summary>Gets a short description for logs and tools, such as "SCP11b, security level 33"; never key material.</summary>
    string Description { get; }
}
