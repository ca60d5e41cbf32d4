using System.Security.Cryptography;

namespace Casd.Card.SecureChannel;

/// <summary>A card's SCP11b credentials as issued by <see cref="DevelopmentScp11bAuthority"/>: key and certificate.</summary>
public sealed class Scp11bCardCredentials : IDisposable
{
    private readonly byte[] _privateKey;

    internal Scp11bCardCredentials(byte[] privateKeyPkcs8, byte[] certificate)
    {
        _privateKey = privateKeyPkcs8;
        Certificate = certificate;
    }

    /// <summary>Gets the card's static key agreement key (SK.SD.ECKA) as PKCS#8 DER; for loading into a card or simulator.</summary>
    public ReadOnlyMemory<byte> PrivateKeyPkcs8 => _privateKey;

    /// <summary>Gets the card's certificate (CERT.SD.ECKA), DER.</summary>
    public ReadOnlyMemory<byte> Certificate { get; }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);
}
