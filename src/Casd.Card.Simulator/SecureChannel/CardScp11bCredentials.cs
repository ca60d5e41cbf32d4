namespace Casd.Card.Simulator.SecureChannel;

/// <summary>
/// The card's SCP11b static key agreement key (SK.SD.ECKA, P-256) and its certificate store,
/// returned by GET DATA 'BF21': the chain in order, CA certificates first and the card's own
/// certificate (CERT.SD.ECKA) last, as GlobalPlatform hosts read it (Amendment F).
/// </summary>
/// <param name="PrivateKey">The private key as PKCS#8 DER (EC, P-256).</param>
/// <param name="Certificates">DER X.509 certificates, the card's own last.</param>
/// <param name="KeyVersion">The key version number of the key ('01' by default).</param>
/// <param name="Mode">The secure messaging mode after the key agreement: S8 (the default) or S16 (16-byte MACs). SCP11 does not negotiate it; the host must be configured alike.</param>
public sealed record CardScp11bCredentials(ReadOnlyMemory<byte> PrivateKey, IReadOnlyList<ReadOnlyMemory<byte>> Certificates, byte KeyVersion = 0x01, CardScpMode Mode = CardScpMode.S8);
