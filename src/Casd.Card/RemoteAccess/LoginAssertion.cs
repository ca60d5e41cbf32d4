namespace Casd.Card.RemoteAccess;

/// <summary>
/// What the remote-access client sends the server after a successful match-on-card: the
/// server's challenge, the card's signature over it, and the card's certificate chain.
/// </summary>
/// <param name="Challenge">The server's challenge, as received.</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of the challenge, DER-encoded (RFC 3279), made by the card.</param>
/// <param name="CertificateChain">The card certificate first, then any intermediates (DER), excluding the trust anchor.</param>
public sealed record LoginAssertion(
    ReadOnlyMemory<byte> Challenge,
    ReadOnlyMemory<byte> Signature,
    IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain);
