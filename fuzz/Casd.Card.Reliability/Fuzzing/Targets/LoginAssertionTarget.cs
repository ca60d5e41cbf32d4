using Casd.Card.Interface;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The server's side: LoginAssertion.TryParse and LoginAssertionVerifier.VerifyAsync over the JSON a
/// client sends, with the world's anchor, CRL and clock and the world's challenge issued afresh, so a
/// genuine assertion is accepted and every other input is a refusal. Neither may ever throw.
/// </summary>
internal sealed class LoginAssertionTarget(FuzzWorld world) : FuzzTarget
{
    private readonly LoginAssertionVerifierOptions _options = new()
    {
        Audience = FuzzWorld.Audience,
        TrustAnchors = [world.LoginAnchorCertificate()],
        ProjectCode = FuzzWorld.Project,
        CertificateRevocationLists = [world.LoginCrl],
    };

    private readonly string _challengeKey = LoginStateKeys.Challenge(LoginStatement.HashAudience(FuzzWorld.Audience), world.Challenge);

    public override string Name => "login-assertion";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.AssertionJson, "{}"u8.ToArray()] : [];

    protected override void Parse(byte[] input)
    {
        _ = LoginAssertion.TryParse(input, out _, out _);
        var clock = FuzzWorld.Clock();
        var store = new InMemoryLoginStateStore();
        store.IssueChallengeAsync(_challengeKey, FuzzWorld.Now.AddMinutes(2)).AsTask().GetAwaiter().GetResult();
        var verifier = new LoginAssertionVerifier(_options, store, clock);
        _ = verifier.VerifyAsync(input).AsTask().GetAwaiter().GetResult();
    }

    // A refusal is a result, not an exception.
    protected override bool IsRefusal(Exception exception) => false;
}
