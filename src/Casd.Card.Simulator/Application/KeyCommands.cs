using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Os;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The card key '9A' (ECC P-256, generated on the card, never exported): GENERATE ASYMMETRIC KEY
/// PAIR, the public key object '7F49', and the check that a certificate the desk installs
/// certifies it.
/// </summary>
internal sealed class KeyCommands(AppletRecords records, AccessRules rules)
{
    /// <summary>The algorithm reference of ECC P-256 (PIV '11'): P1 of GENERAL AUTHENTICATE, '80' of the key pair template.</summary>
    public const byte EccP256Algorithm = 0x11;

    /// <summary>The key reference of the card authentication key (PIV '9A'): P2 of GENERATE ASYMMETRIC KEY PAIR and GENERAL AUTHENTICATE.</summary>
    public const byte CardKeyReference = 0x9A;

    private static readonly byte[] KeyPairTemplate = [0xAC, 0x03, 0x80, 0x01, EccP256Algorithm];

    private (ECDsa Key, byte[] Encoded)? _publicKeyObject;

    /// <summary>GENERATE ASYMMETRIC KEY PAIR: a new key replaces the old one and the certificate issued for it.</summary>
    /// <param name="command">The command.</param>
    /// <param name="status">The card's security status.</param>
    /// <returns>The answer: the public key object '7F49'.</returns>
    public CardResponse GenerateKeyPair(CommandApdu command, CardSecurityStatus status)
    {
        if (command.P1 != 0x00 || command.P2 != CardKeyReference)
        {
            return CardResponse.Status(Sw.IncorrectP1P2);
        }

        if (!command.Data.Span.SequenceEqual(KeyPairTemplate))
        {
            return CardResponse.Status(Sw.IncorrectData);
        }

        if (rules.RefuseDeskCommand(LifecycleRules.AcceptsPersonalisation(records.Lifecycle), status) is { } refusal)
        {
            return CardResponse.Status(refusal);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cell = CardKeyCell.Export(key);
        try
        {
            // A new key invalidates the certificate issued for the old one.
            records.Begin().Set(NvmLayout.CardKey, cell).Remove(NvmLayout.Certificate).Commit();
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cell);
        }

        records.ReplaceKey(key);
        return CardResponse.Ok(PublicKeyObject());
    }

    /// <summary>The public key object '7F49' { '86' point }, or <see langword="null"/> before a key exists.</summary>
    /// <returns>The encoded object.</returns>
    public byte[]? PublicKeyObject()
    {
        if (records.Key is not { } key)
        {
            return null;
        }

        if (_publicKeyObject is { } cached && cached.Key == key)
        {
            return cached.Encoded;
        }

        using var writer = new BerTlvWriter(80);
        using (writer.PushConstructed(CasdTags.PublicKey))
        {
            writer.Write(CasdTags.EcPoint, CardKeyCell.PublicPoint(key));
        }

        var encoded = writer.ToArray();
        _publicKeyObject = (key, encoded);
        return encoded;
    }

    /// <summary>Whether an X.509 certificate certifies the card key (same curve and point).</summary>
    /// <param name="der">The DER certificate.</param>
    /// <returns><see langword="true"/> when it does; <see langword="false"/> for another key or bytes that are no certificate.</returns>
    public bool CertifiesCardKey(ReadOnlySpan<byte> der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || records.Key is null)
            {
                return false;
            }

            var expected = records.Key.ExportParameters(false);
            var actual = publicKey.ExportParameters(false);
            return actual.Curve.Oid.Value == expected.Curve.Oid.Value
                && actual.Q.X.AsSpan().SequenceEqual(expected.Q.X)
                && actual.Q.Y.AsSpan().SequenceEqual(expected.Q.Y);
        }
        catch (CryptographicException)
        {
            // The X.509 loader's way of saying the bytes are no certificate.
            return false;
        }
    }
}
