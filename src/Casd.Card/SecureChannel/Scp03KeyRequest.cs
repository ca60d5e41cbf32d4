namespace Casd.Card.SecureChannel;

/// <summary>
/// What a key provider is asked for: the keys of one card, identified by the key
/// diversification data the card returns in INITIALIZE UPDATE, at a key version.
/// </summary>
/// <param name="KeyVersion">The key version number the card uses (from its key information).</param>
/// <param name="DiversificationData">The 10 bytes of key diversification data from INITIALIZE UPDATE.</param>
/// <param name="CardSerial">The card serial number (the first 8 bytes of the diversification data on a CASD card).</param>
public sealed record Scp03KeyRequest(byte KeyVersion, ReadOnlyMemory<byte> DiversificationData, ReadOnlyMemory<byte> CardSerial);
