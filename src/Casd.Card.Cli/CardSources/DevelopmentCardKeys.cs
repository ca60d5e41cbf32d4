using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Casd.Card.Enrolment;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.SecureChannel;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Math;

namespace Casd.Card.Cli.CardSources;

/// <summary>
/// The development keys of casd-card (docs/decisions/0071-secure-simulated-cards-in-the-tools.md):
/// a desk SCP03 master key and an SCP11b issuing CA, both derived from a published development
/// seed, so that the embedded simulator, a card state file, 'casd-card simulate' behind vpcd and a
/// later run of the tool all agree on every card's keys without storing any key on disk.
/// NOT for production: anyone can derive these keys from this source file.
/// </summary>
internal static class DevelopmentCardKeys
{
    /// <summary>
    /// The published seed every development key is derived from: the desk master key (AES-128,
    /// ENC = MAC = DEK) is the first 16 bytes of SHA-256(seed "/desk-master/"); EC keys are
    /// SHA-256(seed "/label/counter/" context) reduced to a valid P-256 scalar.
    /// </summary>
    public const string Seed = "casd-card development keys v1 - not for production";

    /// <summary>The subject of the development SCP11b issuing CA.</summary>
    public const string CaName = "CN=CASD Development SCP11b CA - casd-card - not for production";

    /// <summary>The subject of the development CA that certifies the cards' signing keys.</summary>
    public const string CardCaName = "CN=CASD Development card CA - casd-card - not for production";

    // Fixed validity so that a CA and card certificates derived in different runs agree, and the
    // demo can move its clock four years forward without the SCP11b certificate expiring first.
    private static readonly DateTimeOffset NotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2099, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<X509Certificate2> Ca = new(CreateCaCertificate);

    /// <summary>Gets the development SCP11b CA certificate: the trust anchor of the tool's clients.</summary>
    public static X509Certificate2 Scp11bTrustAnchor => Ca.Value;

    /// <summary>
    /// Creates the development card CA, whose key is derived from the seed, so that every run of the
    /// tool issues and checks card certificates under the same CA (an express enrolment reads a card
    /// another run issued); the caller disposes it.
    /// </summary>
    /// <param name="clock">The clock of certificates and CRLs.</param>
    /// <returns>The CA.</returns>
    public static DevelopmentCertificateAuthority CreateCardCertificateAuthority(TimeProvider clock)
    {
        using var key = CreateEcKey<ECDsa>("card-ca", [], ECDsa.Create);
        return new DevelopmentCertificateAuthority(key, CardCaName, NotBefore, NotAfter, clock);
    }

    /// <summary>Creates the desk master keys; the caller disposes them.</summary>
    public static Scp03StaticKeys CreateDeskMasterKeys()
    {
        Span<byte> key = stackalloc byte[16];
        Derive("desk-master", [], key);
        try
        {
            return new Scp03StaticKeys(key, key, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The options of a simulated card that enforces the access rules, with the development keys of its serial.</summary>
    public static SimulatedCardOptions CardOptions(ReadOnlySpan<byte> serial)
    {
        using var master = CreateDeskMasterKeys();
        using var scp03 = DiversifiedScp03KeyProvider.Diversify(master, serial, CardScp03Keys.TestKeyVersion);
        var serialHex = Convert.ToHexString(serial);
        using var cardKey = CreateEcKey<ECDiffieHellman>("card-scp11b", serial, ECDiffieHellman.Create);
        using var caKey = CreateEcKey<ECDsa>("scp11b-ca", [], ECDsa.Create);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("CASD card SCP11b");
        subject.Add("2.5.4.5", serialHex, UniversalTagNumber.PrintableString);
        var request = new CertificateRequest(subject.Build(), new PublicKey(cardKey), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyAgreement, true));
        using var certificate = request.Create(Scp11bTrustAnchor.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), NotBefore, NotAfter, [0x01, .. serial]);
        return new SimulatedCardOptions
        {
            Serial = serial.ToArray(),
            EnforceChannelAccessRules = true,
            Scp03Keys = new CardScp03Keys(CardScp03Keys.TestKeyVersion, scp03.Enc.ToArray(), scp03.Mac.ToArray(), scp03.Dek.ToArray()),
            Scp11bCredentials = new CardScp11bCredentials(cardKey.ExportPkcs8PrivateKey(), [certificate.RawData]),
        };
    }

    /// <summary>
    /// Opens the simulated card a store holds (manufacturing it with a random serial when the
    /// store is empty), with the access rules on and the development keys of its serial.
    /// </summary>
    public static SimulatedCard OpenCard(INvmStore store)
    {
        // A probe reads (or manufactures) the serial; the card's keys depend on it and are not in NVM.
        var serial = Convert.FromHexString(new SimulatedCard(store).Serial);
        return new SimulatedCard(store, CardOptions(serial));
    }

    /// <summary>The channel factory of the tool: SCP03 with the development desk master key, SCP11b against the development CA.</summary>
    public static SecureChannelFactory CreateChannelFactory(TimeProvider clock) => new(new SecureChannelFactoryOptions
    {
        Scp03KeyProvider = DeskKeyProvider.Instance,
        TrustAnchors = [Scp11bTrustAnchor],
        TimeProvider = clock,
    });

    /// <summary>Diversifies from the development master key on each request, so no master key stays in memory between channels.</summary>
    private sealed class DeskKeyProvider : IScp03KeyProvider
    {
        public static readonly DeskKeyProvider Instance = new();

        public async ValueTask<Scp03StaticKeys> GetKeysAsync(Scp03KeyRequest request, CancellationToken cancellationToken = default)
        {
            using var master = CreateDeskMasterKeys();
            using var provider = new DiversifiedScp03KeyProvider(master);
            return await provider.GetKeysAsync(request, cancellationToken);
        }
    }

    private static X509Certificate2 CreateCaCertificate()
    {
        using var key = CreateEcKey<ECDsa>("scp11b-ca", [], ECDsa.Create);
        var request = new CertificateRequest(CaName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var certificate = request.CreateSelfSigned(NotBefore, NotAfter);
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    private static T CreateEcKey<T>(string label, ReadOnlySpan<byte> context, Func<ECParameters, T> create)
    {
        var curve = SecNamedCurves.GetByName("secp256r1");
        Span<byte> scalar = stackalloc byte[32];
        var counter = 0;
        BigInteger d;
        do
        {
            Derive($"{label}/{counter++}", context, scalar);
            d = new BigInteger(1, scalar);
        }
        while (d.SignValue == 0 || d.CompareTo(curve.N) >= 0);

        var q = curve.G.Multiply(d).Normalize();
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = scalar.ToArray(),
            Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
        };
        try
        {
            return create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    private static void Derive(string label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. Encoding.UTF8.GetBytes(Seed + "/" + label + "/"), .. context], hash);
        hash[..output.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(hash);
    }
}
