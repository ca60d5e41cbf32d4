namespace Casd.Card.Simulator.SecureChannel;

/// <summary>
/// The card's SCP11b static key agreement key (SK.SD.ECKA, P-256) and its certificate store
/// (CERT.SD.ECKA first, then any intermediate CA), returned by GET DATA 'BF21'.
/// </summary>
/// <param name="PrivateKey">The private key as PKCS#8 DER (EC, P-256).</param>
/// <param name="Certificates">DER X.509 certificates, the card's own first.</param>
/// <param name="KeyVersion">The key version number of the key ('01' by default).</param>
public sealed record CardScp11bCredentials(ReadOnlyMemory<byte> PrivateKey, IReadOnlyList<ReadOnlyMemory<byte>> Certificates, byte KeyVersion = 0x01);
