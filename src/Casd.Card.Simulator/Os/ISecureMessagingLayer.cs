using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Os;

/// <summary>
/// The card side of a secure channel, plugged into <see cref="SimulatedCard.SecureMessaging"/>.
/// Every command passes through it before dispatch and every response after, so the CASD
/// application only ever sees plain commands.
/// </summary>
public interface ISecureMessagingLayer
{
    /// <summary>
    /// Handles the channel's own commands (INITIALIZE UPDATE, EXTERNAL AUTHENTICATE, PERFORM
    /// SECURITY OPERATION, ...). Called first for every command; the layer opens or closes the
    /// channel by updating <paramref name="status"/>.
    /// </summary>
    /// <param name="command">The command as received.</param>
    /// <param name="lc">How its Lc field was encoded on the wire.</param>
    /// <param name="status">The card's security status.</param>
    /// <param name="response">The response when the layer consumed the command; the card OS shapes it (Ne, '61XX') like any other.</param>
    /// <returns><see langword="true"/> when the command was the channel's and is answered.</returns>
    bool TryHandle(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out ResponseApdu response);

    /// <summary>Unwraps a command that carries secure messaging (CLA bits '04' or '0C').</summary>
    /// <param name="command">The protected command (reassembled when it was chained).</param>
    /// <param name="lc">How its Lc field was encoded: as received, or for a reassembled chain the shortest form of the whole data field.</param>
    /// <param name="status">The card's security status.</param>
    /// <param name="plain">The plain command to dispatch.</param>
    /// <param name="failure">The status word to answer when unwrapping fails (the layer closes the channel).</param>
    /// <returns><see langword="true"/> when <paramref name="plain"/> may be dispatched.</returns>
    bool TryUnwrap(CommandApdu command, LcEncoding lc, CardSecurityStatus status, out CommandApdu plain, out StatusWord failure);

    /// <summary>Wraps the response to a command that arrived protected.</summary>
    /// <param name="plainCommand">The plain command that was dispatched.</param>
    /// <param name="response">The plain response.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The response to send.</returns>
    ResponseApdu Wrap(CommandApdu plainCommand, ResponseApdu response, CardSecurityStatus status);

    /// <summary>Forgets the session: called at power-off, reset and SELECT of the application.</summary>
    void Reset();
}
