using System.Security.Cryptography;

namespace Casd.Card.Simulator.SecureChannel;

/// <summary>The card's state between INITIALIZE UPDATE and EXTERNAL AUTHENTICATE: context and session keys.</summary>
internal sealed class PendingScp03(byte[] context, byte[] enc, byte[] mac, byte[] rmac) : IDisposable
{
    public byte[] Context { get; } = context;

    public byte[] Enc { get; } = enc;

    public byte[] Mac { get; } = mac;

    public byte[] Rmac { get; } = rmac;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Enc);
        CryptographicOperations.ZeroMemory(Mac);
        CryptographicOperations.ZeroMemory(Rmac);
    }
}
