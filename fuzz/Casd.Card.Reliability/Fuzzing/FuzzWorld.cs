using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Reliability.Fuzzing;

/// <summary>
/// The fixed world the targets share: trust anchors, a CRL, a card's certificate store, a challenge
/// the server has issued, and a frozen clock. It lives in fuzz/world (made once by
/// <see cref="FuzzWorldMaker"/>), so the committed seeds and crash regressions mean the same thing
/// on every run: a store or assertion made by a fresh CA at each start would never validate.
/// </summary>
internal sealed class FuzzWorld
{
    /// <summary>The audience of the server that verifies assertions.</summary>
    public const string Audience = "https://fuzz.casd.test";

    /// <summary>The project the world's card is enrolled for.</summary>
    public const string Project = "P-FUZZ";

    /// <summary>The instant the world was made at and every target's clock stays at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public required byte[] Scp11bAnchor { get; init; }

    public required byte[] CertificateStore { get; init; }

    public required byte[] LoginAnchor { get; init; }

    public required byte[] LoginCrl { get; init; }

    public required byte[] Challenge { get; init; }

    /// <summary>Gets what a live enrolment and login produced, when the world was just made (seeds come from it).</summary>
    public FuzzSamples? Samples { get; init; }

    /// <summary>Gets the folder fuzz/world, found upwards from the running assembly.</summary>
    public static string Folder => Path.Combine(RepositoryRoot, "fuzz", "world");

    /// <summary>Gets the folder that holds Casd.Card.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"Casd.Card.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>A fresh clock frozen at <see cref="Now"/>.</summary>
    public static FakeTimeProvider Clock() => new(Now);

    public static FuzzWorld Load(string folder) => new()
    {
        Scp11bAnchor = File.ReadAllBytes(Path.Combine(folder, "scp11b-ca.der")),
        CertificateStore = File.ReadAllBytes(Path.Combine(folder, "scp11b-store.bin")),
        LoginAnchor = File.ReadAllBytes(Path.Combine(folder, "login-ca.der")),
        LoginCrl = File.ReadAllBytes(Path.Combine(folder, "login-crl.der")),
        Challenge = File.ReadAllBytes(Path.Combine(folder, "login-challenge.bin")),
    };

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "scp11b-ca.der"), Scp11bAnchor);
        File.WriteAllBytes(Path.Combine(folder, "scp11b-store.bin"), CertificateStore);
        File.WriteAllBytes(Path.Combine(folder, "login-ca.der"), LoginAnchor);
        File.WriteAllBytes(Path.Combine(folder, "login-crl.der"), LoginCrl);
        File.WriteAllBytes(Path.Combine(folder, "login-challenge.bin"), Challenge);
    }

    public X509Certificate2 Scp11bAnchorCertificate() => X509CertificateLoader.LoadCertificate(Scp11bAnchor);

    public X509Certificate2 LoginAnchorCertificate() => X509CertificateLoader.LoadCertificate(LoginAnchor);
}
