using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

/// <summary>
/// A simulated card in a simulated reader, a desk with a development CA, and a fake clock. The
/// default card enforces the access rules, as a real one does: it answers SCP03 with the
/// GlobalPlatform test keys and SCP11b with credentials from a development SCP11b CA, and
/// <see cref="Options"/> opens both through <see cref="SecureChannelFactory"/>.
/// </summary>
internal sealed class CardFixture : IDisposable
{
    private readonly bool _ownsAuthority;

    public CardFixture(SimulatedCard? card = null, DevelopmentCertificateAuthority? authority = null)
    {
        Scp11bAuthority = DevelopmentScp11bAuthority.Create(timeProvider: Clock);
        Card = card ?? CreateCard(Scp11bAuthority);
        Reader.Insert(Card);
        using (var testKeys = Scp03StaticKeys.CreateGlobalPlatformTestKeys())
        {
            Scp03Keys = new StaticScp03KeyProvider(testKeys);
        }

        _ownsAuthority = authority is null;
        Authority = authority ?? new DevelopmentCertificateAuthority(Clock);
        Policy = new EnrolmentPolicy(Clock, TimeZoneInfo.Utc);
        Desk = new EnrolmentDesk(Authority, Policy, Clock);
    }

    /// <summary>The audience of the test server: the card signs its hash.</summary>
    public const string Audience = "https://remote.casd.test";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public SimulatedCardReader Reader { get; } = new();

    public SimulatedCard Card { get; }

    public DevelopmentCertificateAuthority Authority { get; }

    /// <summary>Gets the CA that issued the default card's SCP11b certificate: the trust anchor of <see cref="Options"/>.</summary>
    public DevelopmentScp11bAuthority Scp11bAuthority { get; }

    /// <summary>Gets the desk's SCP03 keys: the GlobalPlatform test keys the default card answers.</summary>
    public StaticScp03KeyProvider Scp03Keys { get; }

    public EnrolmentPolicy Policy { get; }

    public EnrolmentDesk Desk { get; }

    public CasdCardOptions Options => new()
    {
        ChannelFactory = new SecureChannelFactory(new SecureChannelFactoryOptions
        {
            Scp03KeyProvider = Scp03Keys,
            TrustAnchors = [Scp11bAuthority.Certificate],
            TimeProvider = Clock,
        }),
    };

    public static EnrolmentRequest Request(string project = "P-001", DateOnly? lastFull = null, int fingers = 2, int seed = 1) =>
        new(
            new HolderIdentity("R-1234", "Doe", "Jane"),
            new ProjectInfo(project, "Secure data project"),
            EnrolmentKind.Health,
            lastFull,
            "2.1",
            fingers == 1 ? [SyntheticFingers.Record(seed)] : [SyntheticFingers.Record(seed), SyntheticFingers.Record(seed + 1000)],
            SyntheticFingers.Impression(seed, 1));

    /// <summary>A server-side verifier for <see cref="Audience"/>, trusting the fixture's CA and holding its current CRL.</summary>
    public LoginAssertionVerifier Verifier(string? project = "P-001", ILoginStateStore? store = null, EnrolmentKind? kind = null) =>
        new(
            new LoginAssertionVerifierOptions
            {
                Audience = Audience,
                TrustAnchors = [Authority.RootCertificate],
                ProjectCode = project,
                RequiredKind = kind,
                CertificateRevocationLists = [Authority.PublishCrlAsync().GetAwaiter().GetResult()],
            },
            store,
            Clock);

    public async Task<CasdCard> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await Reader.ConnectAsync(cancellationToken);
        return await CasdCard.OpenAsync(connection, leaveOpen: false, Options, cancellationToken);
    }

    public void Reinsert()
    {
        Reader.Remove();
        Reader.Insert(Card);
    }

    public void Dispose()
    {
        if (_ownsAuthority)
        {
            Authority.Dispose();
        }

        Scp11bAuthority.Dispose();
        Scp03Keys.Dispose();
    }

    private static SimulatedCard CreateCard(DevelopmentScp11bAuthority scp11bAuthority)
    {
        var serial = System.Security.Cryptography.RandomNumberGenerator.GetBytes(8);
        // Valid for as long as any test moves the clock: certificate expiry is not what these tests are about.
        var now = new DateTimeOffset(scp11bAuthority.Certificate.NotBefore.ToUniversalTime());
        using var credentials = scp11bAuthority.IssueCardCredentials(Convert.ToHexString(serial), now, now.AddYears(9));
        return new SimulatedCard(new SimulatedCardOptions
        {
            Serial = serial,
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        });
    }
}
