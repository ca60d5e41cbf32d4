using Casd.Card.Interface;

namespace Casd.Card;

/// <summary>What <see cref="CasdCard.SignLoginAsync"/> returns: the statement the card built and signed, and its signature.</summary>
/// <param name="Statement">The statement, parsed.</param>
/// <param name="EncodedStatement">The statement exactly as the card signed it ('BF40').</param>
/// <param name="Signature">ECDSA P-256 over SHA-256 of <paramref name="EncodedStatement"/>, DER-encoded (RFC 3279).</param>
public sealed record LoginSignature(LoginStatement Statement, ReadOnlyMemory<byte> EncodedStatement, ReadOnlyMemory<byte> Signature);
