using System.Security.Cryptography;
using CsCheck;
using Casd.Card.Enrolment;
using Casd.Card.RemoteAccess;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

public sealed class LoginAssertionVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly DevelopmentCertificateAuthority _ca;
    private readonly ECDsa _cardKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _challenge = RandomNumberGenerator.GetBytes(32);

    public LoginAssertionVerifierTests() => _ca = new DevelopmentCertificateAuthority(_clock);

    public void Dispose()
    {
        _ca.Dispose();
        _cardKey.Dispose();
    }

    private byte[] CardPublicPoint()
    {
        var q = _cardKey.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    private async Task<LoginAssertion> AssertionAsync(string project = "P-1", byte[]? signed = null, DevelopmentCertificateAuthority? ca = null)
    {
        var chain = await (ca ?? _ca).IssueAsync(new CardCertificateRequest(CardPublicPoint(), "0102030405060708", project, Now.AddDays(-1), Now.AddYears(4)), TestContext.Current.CancellationToken);
        var signature = _cardKey.SignData(signed ?? _challenge, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new LoginAssertion(_challenge, signature, chain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList());
    }

    private LoginAssertionVerifier Verifier() => new([_ca.RootCertificate], _clock);

    [Fact]
    public async Task A_genuine_assertion_is_accepted_with_the_certified_serial_and_project()
    {
        var result = Verifier().Verify(await AssertionAsync(), _challenge, "P-1");
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("0102030405060708", result.CardSerial);
        Assert.Equal("P-1", result.ProjectId);
    }

    [Fact]
    public async Task Another_challenge_is_refused()
    {
        var result = Verifier().Verify(await AssertionAsync(), RandomNumberGenerator.GetBytes(32), "P-1");
        Assert.False(result.IsValid);
        Assert.Contains("another challenge", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_over_something_else_is_refused()
    {
        var result = Verifier().Verify(await AssertionAsync(signed: [1, 2, 3]), _challenge, "P-1");
        Assert.False(result.IsValid);
        Assert.Contains("signature does not verify", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_of_another_project_is_refused()
    {
        var result = Verifier().Verify(await AssertionAsync(project: "P-2"), _challenge, "P-1");
        Assert.False(result.IsValid);
        Assert.Contains("certified for project 'P-2', not 'P-1'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_CA_is_refused()
    {
        using var rogue = new DevelopmentCertificateAuthority(_clock, "rogue");
        var result = Verifier().Verify(await AssertionAsync(ca: rogue), _challenge, "P-1");
        Assert.False(result.IsValid);
        Assert.Contains("not issued by a trusted CA", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_enrolment_is_refused()
    {
        var assertion = await AssertionAsync();
        _clock.Advance(TimeSpan.FromDays(4 * 366));
        var result = Verifier().Verify(assertion, _challenge, "P-1");
        Assert.False(result.IsValid);
        Assert.Contains("not valid now", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_or_missing_certificate_is_refused()
    {
        var garbage = new LoginAssertion(_challenge, new byte[70], [new byte[] { 0x30, 0x03, 0x01 }]);
        Assert.Contains("malformed", Verifier().Verify(garbage, _challenge, "P-1").Reason, StringComparison.Ordinal);
        var none = new LoginAssertion(_challenge, new byte[70], []);
        Assert.Contains("no certificate", Verifier().Verify(none, _challenge, "P-1").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CA_refuses_a_public_key_that_is_not_an_uncompressed_point()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ca.IssueAsync(new CardCertificateRequest(new byte[33], "01", "P", Now, Now.AddYears(1)), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Any_byte_flipped_in_the_signature_or_the_certificate_is_refused_never_thrown()
    {
        // The assertion arrives from the network: every corruption must end in a refusal, not an exception.
        var genuine = await AssertionAsync();
        var verifier = Verifier();
        var signature = genuine.Signature.ToArray();
        var certificate = genuine.CertificateChain[0].ToArray();
        Gen.Bool.Select(Gen.Int[0, certificate.Length - 1], Gen.Byte.Where(b => b != 0)).Sample(
            mutation =>
            {
                var (inSignature, position, mask) = mutation;
                var alteredSignature = signature.ToArray();
                var alteredCertificate = certificate.ToArray();
                if (inSignature)
                {
                    alteredSignature[position % alteredSignature.Length] ^= mask;
                }
                else
                {
                    alteredCertificate[position] ^= mask;
                }

                var chain = genuine.CertificateChain.ToList();
                chain[0] = alteredCertificate;
                var result = verifier.Verify(new LoginAssertion(genuine.Challenge, alteredSignature, chain), _challenge, "P-1");
                Assert.False(result.IsValid, $"a corrupted {(inSignature ? "signature" : "certificate")} was accepted");
            },
            iter: 300);
    }
}
