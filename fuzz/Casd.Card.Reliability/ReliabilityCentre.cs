using Casd.Card.Enrolment;
using Casd.Card.RemoteAccess;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.SecureChannel;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Reliability;

/// <summary>
/// The access centre the soak and the load runs play against, built once the way a deployment
/// is: a development SCP11b CA for the cards' channel certificates, a login CA behind the desk, the
/// GlobalPlatform test keys for SCP03, one enrolment policy, a desk, a remote-access client and a
/// server verifier for one audience and project, all on one fake clock the run moves itself.
/// </summary>
internal sealed class ReliabilityCentre : IDisposable
{
    private readonly Scp03StaticKeys _scp03Keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
    private readonly StaticScp03KeyProvider _keyProvider;

    /// <param name="audience">The remote-access server's identifier the assertions are bound to.</param>
    /// <param name="project">The project every card of the run is enrolled for.</param>
    /// <param name="clock">The centre's clock; by default 2026-03-02 09:00 UTC.</param>
    public ReliabilityCentre(string audience, string project, FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        Audience = audience;
        Project = project;
        Scp11bCa = DevelopmentScp11bAuthority.Create(timeProvider: Clock);
        LoginCa = new DevelopmentCertificateAuthority(Clock);
        _keyProvider = new StaticScp03KeyProvider(_scp03Keys);
        var policy = new EnrolmentPolicy(Clock, TimeZoneInfo.Utc);
        Desk = new EnrolmentDesk(LoginCa, policy, Clock);
        Client = new RemoteAccessClient(new RemoteAccessOptions(project, policy) { AllowSecondFinger = false });
        Verifier = new LoginAssertionVerifier(
            new LoginAssertionVerifierOptions
            {
                Audience = audience,
                TrustAnchors = [LoginCa.RootCertificate],
                ProjectCode = project,
                CertificateRevocationLists = [LoginCa.PublishCrlAsync().GetAwaiter().GetResult()],
            },
            timeProvider: Clock);
    }

    /// <summary>Gets the clock of the whole centre; it moves only when the run moves it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Gets the audience the verifier accepts.</summary>
    public string Audience { get; }

    /// <summary>Gets the project of every card.</summary>
    public string Project { get; }

    /// <summary>Gets the CA that certifies the cards' SCP11b channel keys.</summary>
    public DevelopmentScp11bAuthority Scp11bCa { get; }

    /// <summary>Gets the CA that certifies the cards' login keys at the desk.</summary>
    public DevelopmentCertificateAuthority LoginCa { get; }

    /// <summary>Gets the enrolment desk.</summary>
    public EnrolmentDesk Desk { get; }

    /// <summary>Gets the remote-access client.</summary>
    public RemoteAccessClient Client { get; }

    /// <summary>Gets the server-side verifier.</summary>
    public LoginAssertionVerifier Verifier { get; }

    /// <summary>Card options with the production channel factory: SCP03 with the test keys, SCP11b against the centre's CA.</summary>
    /// <returns>New options.</returns>
    public CasdCardOptions CardOptions() => new()
    {
        ChannelFactory = new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = _keyProvider, TrustAnchors = [Scp11bCa.Certificate], TimeProvider = Clock }),
    };

    /// <summary>A blank simulated card with its SCP11b credentials from the centre's CA, valid for nine years from now.</summary>
    /// <param name="serial">The card serial (8 bytes).</param>
    /// <returns>The card.</returns>
    public SimulatedCard NewCard(byte[] serial)
    {
        var now = Clock.GetUtcNow();
        using var credentials = Scp11bCa.IssueCardCredentials(Convert.ToHexString(serial), now.AddDays(-1), now.AddYears(9));
        return new SimulatedCard(new SimulatedCardOptions
        {
            Serial = serial,
            Scp11bCredentials = new CardScp11bCredentials(credentials.PrivateKeyPkcs8.ToArray(), [credentials.Certificate.ToArray()]),
        });
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Scp11bCa.Dispose();
        LoginCa.Dispose();
        _keyProvider.Dispose();
        _scp03Keys.Dispose();
    }
}
