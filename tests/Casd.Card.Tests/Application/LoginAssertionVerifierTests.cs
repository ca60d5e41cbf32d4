using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Tests.Application;

/// <summary>
/// docs/attacks.md, the login assertion: each test builds the assertion an attacker would send
/// (signed by a card key the test holds, so every field can be chosen) and asserts the verifier
/// refuses it with the right reason. The end-to-end path from the card is in RemoteAccessClientTests.
/// </summary>
public sealed class LoginAssertionVerifierTests : IDisposable
{
    private const string Audience = "https://remote.casd.test";
    private const string Serial = "0102030405060708";
    private const string Project = "P-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly DevelopmentCertificateAuthority _ca;
    private readonly ECDsa _cardKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly InMemoryLoginStateStore _store = new();
    private uint _counter;

    public LoginAssertionVerifierTests() => _ca = new DevelopmentCertificateAuthority(_clock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_genuine_assertion_is_accepted_once()
    {
        var verifier = Verifier();
        var assertion = await AssertionAsync(await verifier.IssueChallengeAsync(Ct));

        var accepted = await verifier.VerifyAsync(assertion, Ct);
        Assert.True(accepted.IsValid, accepted.Message);
        Assert.Equal(Serial, accepted.CardSerial);
        Assert.Equal(Project, accepted.ProjectCode);

        var replayed = await verifier.VerifyAsync(assertion, Ct);
        Assert.Equal(LoginRefusalReason.ReplayedChallenge, replayed.Reason);
        Assert.Contains("replay", replayed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_issued_by_a_front_end_without_trust_anchors_is_redeemed_by_the_verifier()
    {
        var issuer = new LoginChallengeIssuer(Audience, _store, TimeSpan.FromSeconds(30), 48, _clock);
        var challenge = await issuer.IssueAsync(Ct);
        Assert.Equal(48, challenge.Length);
        Assert.True((await Verifier().VerifyAsync(await AssertionAsync(challenge), Ct)).IsValid);
        Assert.Throws<ArgumentException>(() => new LoginChallengeIssuer(Audience, _store, length: 15));
        Assert.Throws<ArgumentException>(() => new LoginChallengeIssuer(Audience, _store, lifetime: TimeSpan.Zero));
    }

    [Fact]
    public async Task An_assertion_relayed_to_another_audience_is_refused()
    {
        // A phishing server of the same project relays the challenge of the genuine one.
        var genuine = Verifier();
        var assertion = await AssertionAsync(await genuine.IssueChallengeAsync(Ct), audience: "https://phishing.example");
        Assert.Equal(LoginRefusalReason.WrongAudience, (await genuine.VerifyAsync(assertion, Ct)).Reason);

        // And the genuine assertion presented at another server.
        var other = Verifier(audience: "https://other-server.casd.test");
        var forGenuine = await AssertionAsync(await genuine.IssueChallengeAsync(Ct));
        Assert.Equal(LoginRefusalReason.WrongAudience, (await other.VerifyAsync(forGenuine, Ct)).Reason);
    }

    [Fact]
    public async Task A_never_issued_or_expired_challenge_is_refused()
    {
        var verifier = Verifier();
        Assert.Equal(LoginRefusalReason.UnknownChallenge, (await verifier.VerifyAsync(await AssertionAsync(RandomNumberGenerator.GetBytes(32)), Ct)).Reason);

        var challenge = await verifier.IssueChallengeAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(LoginRefusalReason.ExpiredChallenge, (await verifier.VerifyAsync(await AssertionAsync(challenge), Ct)).Reason);
    }

    [Fact]
    public async Task A_refused_assertion_does_not_burn_the_challenge()
    {
        // Garbage sent with a stolen challenge must not lock the holder out of that login.
        var verifier = Verifier();
        var challenge = await verifier.IssueChallengeAsync(Ct);
        var forged = await AssertionAsync(challenge);
        var bad = forged with { Signature = Flip(forged.Signature.ToArray(), 10) };
        Assert.False((await verifier.VerifyAsync(bad, Ct)).IsValid);
        Assert.True((await verifier.VerifyAsync(forged, Ct)).IsValid);
    }

    [Fact]
    public async Task A_cloned_card_whose_counter_does_not_rise_is_refused()
    {
        var verifier = Verifier();
        Assert.True((await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), counter: 7), Ct)).IsValid);

        // The clone signs with the same key, at a counter it copied.
        var clone = await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), counter: 7), Ct);
        Assert.Equal(LoginRefusalReason.PossibleClone, clone.Reason);
        Assert.Contains("7", clone.Message, StringComparison.Ordinal);
        Assert.Equal(LoginRefusalReason.PossibleClone, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), counter: 3), Ct)).Reason);
        Assert.True((await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), counter: 8), Ct)).IsValid);
    }

    [Fact]
    public async Task A_revoked_card_is_refused_and_revocation_is_required_by_default()
    {
        var chain = await IssueAsync();
        var verifier = Verifier();
        Assert.True((await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), chain: chain), Ct)).IsValid);

        Assert.Equal(1, await _ca.RevokeCardAsync(Serial, X509RevocationReason.KeyCompromise, Ct));
        var after = Verifier();
        var refused = await after.VerifyAsync(await AssertionAsync(await after.IssueChallengeAsync(Ct), chain: chain), Ct);
        Assert.Equal(LoginRefusalReason.Revoked, refused.Reason);

        // Without any CRL, revocation is unknown: refused, unless turned off explicitly.
        var noCrl = Verifier(crls: []);
        Assert.Equal(LoginRefusalReason.RevocationUnknown, (await noCrl.VerifyAsync(await AssertionAsync(await noCrl.IssueChallengeAsync(Ct), chain: chain), Ct)).Reason);
        var off = Verifier(crls: [], revocation: RevocationMode.Off);
        Assert.True((await off.VerifyAsync(await AssertionAsync(await off.IssueChallengeAsync(Ct), chain: chain), Ct)).IsValid);
    }

    [Fact]
    public async Task A_stale_crl_or_one_from_another_ca_leaves_revocation_unknown()
    {
        var crl = await _ca.PublishCrlAsync(Ct);
        var chain = await IssueAsync();
        _clock.Advance(_ca.CrlValidity + TimeSpan.FromMinutes(1));
        var verifier = Verifier(crls: [crl]);
        var stale = await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), chain: chain), Ct);
        Assert.Equal(LoginRefusalReason.RevocationUnknown, stale.Reason);
        Assert.Contains("stale", stale.Message, StringComparison.Ordinal);

        var graced = Verifier(crls: [crl], grace: TimeSpan.FromHours(1));
        Assert.True((await graced.VerifyAsync(await AssertionAsync(await graced.IssueChallengeAsync(Ct), chain: chain), Ct)).IsValid);

        using var rogue = new DevelopmentCertificateAuthority(_clock, "Rogue CA");
        var foreign = Verifier(crls: [await rogue.PublishCrlAsync(Ct)]);
        Assert.Equal(LoginRefusalReason.RevocationUnknown, (await foreign.VerifyAsync(await AssertionAsync(await foreign.IssueChallengeAsync(Ct)), Ct)).Reason);
    }

    [Fact]
    public async Task A_standard_enrolment_on_a_health_data_project_is_refused()
    {
        var verifier = Verifier(kind: EnrolmentKind.Health);
        Assert.Equal(LoginRefusalReason.WrongEnrolmentKind, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), kind: EnrolmentKind.Standard), Ct)).Reason);
        Assert.True((await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), kind: EnrolmentKind.Health), Ct)).IsValid);
    }

    [Fact]
    public async Task A_card_of_another_project_is_refused()
    {
        var verifier = Verifier(project: "P-2");
        Assert.Equal(LoginRefusalReason.WrongProject, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct)), Ct)).Reason);

        // A statement that claims another project than the certificate's.
        var any = Verifier(project: null);
        Assert.Equal(LoginRefusalReason.CertificateMismatch, (await any.VerifyAsync(await AssertionAsync(await any.IssueChallengeAsync(Ct), project: "P-2"), Ct)).Reason);
    }

    [Fact]
    public async Task An_enrolment_older_than_four_years_is_refused_though_the_certificate_is_valid()
    {
        var verifier = Verifier();
        var old = Now.AddYears(-4).AddDays(-1);
        var refused = await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), fullEnrolment: DateOnly.FromDateTime(old.UtcDateTime)), Ct);
        Assert.Equal(LoginRefusalReason.EnrolmentExpired, refused.Reason);
        var lastDay = DateOnly.FromDateTime(Now.AddYears(-4).AddDays(1).UtcDateTime);
        Assert.True((await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), fullEnrolment: lastDay), Ct)).IsValid);
        var future = DateOnly.FromDateTime(Now.AddDays(2).UtcDateTime);
        Assert.Equal(LoginRefusalReason.EnrolmentExpired, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), fullEnrolment: future), Ct)).Reason);
    }

    [Fact]
    public async Task A_statement_not_matched_on_the_card_or_signed_by_another_key_is_refused()
    {
        var verifier = Verifier();
        Assert.Equal(LoginRefusalReason.NotMatchedOnCard, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), matchedOnCard: false), Ct)).Reason);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(LoginRefusalReason.BadSignature, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), signer: otherKey), Ct)).Reason);
    }

    [Theory]
    [InlineData("no key usage")]
    [InlineData("key usage without digitalSignature")]
    [InlineData("CA=true")]
    [InlineData("P-384 key")]
    public async Task A_leaf_that_is_not_a_card_signing_certificate_is_refused(string defect)
    {
        using var root = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rootCertificate = SelfSignedRoot(root);
        using var leafKey = ECDsa.Create(defect == "P-384 key" ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CardCertificateNames.CreateSubject(Serial, Project), leafKey, HashAlgorithmName.SHA256);
        switch (defect)
        {
            case "key usage without digitalSignature": request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyAgreement, true)); break;
            case "CA=true":
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
                break;
            case "P-384 key": request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true)); break;
        }

        using var leaf = request.Create(rootCertificate, Now.AddDays(-1), Now.AddYears(1), [9, 9, 9]);
        var verifier = Verifier(anchor: rootCertificate, revocation: RevocationMode.Off);
        var result = await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), chain: [leaf.RawData], signer: leafKey), Ct);
        Assert.Equal(LoginRefusalReason.UnsuitableCertificate, result.Reason);
    }

    [Fact]
    public async Task A_subject_with_a_multi_valued_RDN_is_refused_not_thrown()
    {
        using var root = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rootCertificate = SelfSignedRoot(root);
        var request = new CertificateRequest(MultiValuedSubject(), _cardKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var leaf = request.Create(rootCertificate, Now.AddDays(-1), Now.AddYears(1), [7, 7]);
        Assert.Contains(new X500DistinguishedName(leaf.SubjectName.RawData).EnumerateRelativeDistinguishedNames(), r => r.HasMultipleElements);
        var verifier = Verifier(anchor: rootCertificate, revocation: RevocationMode.Off);
        var result = await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), chain: [leaf.RawData]), Ct);
        Assert.Equal(LoginRefusalReason.CertificateMismatch, result.Reason);
    }

    [Fact]
    public async Task An_untrusted_or_expired_chain_is_refused()
    {
        using var rogue = new DevelopmentCertificateAuthority(_clock, "Rogue CA");
        var verifier = Verifier();
        var rogueChain = (await rogue.IssueAsync(new CardCertificateRequest(Point(_cardKey), Serial, Project, Now.AddDays(-1), Now.AddYears(1)), Ct)).Select(c => c.RawData).ToArray();
        Assert.Equal(LoginRefusalReason.UntrustedCertificate, (await verifier.VerifyAsync(await AssertionAsync(await verifier.IssueChallengeAsync(Ct), chain: rogueChain), Ct)).Reason);

        var shortLived = (await _ca.IssueAsync(new CardCertificateRequest(Point(_cardKey), Serial, Project, Now.AddHours(-2), Now.AddHours(1)), Ct)).Select(c => c.RawData).ToArray();
        var later = Verifier(grace: TimeSpan.FromDays(30));
        var challenge = await later.IssueChallengeAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(61));
        var verdict = await later.VerifyAsync(await AssertionAsync(challenge, chain: shortLived), Ct);
        Assert.Equal(LoginRefusalReason.UntrustedCertificate, verdict.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":2}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":3,\"statement\":\"AA==\",\"signature\":\"AA==\",\"certificates\":[\"AA==\"]}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":2,\"statement\":\"!!\",\"signature\":\"AA==\",\"certificates\":[\"AA==\"]}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":2,\"statement\":\"AA==\",\"signature\":\"AA==\",\"certificates\":[\"AA==\"],\"extra\":1}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"format\":\"casd-login-assertion\",\"version\":2,\"statement\":\"AA==\",\"signature\":\"AA==\",\"certificates\":[\"AA==\"]}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":2,\"statement\":\"AA==\",\"signature\":\"AA==\",\"certificates\":[\"MAMBAQA=\"]}")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":\"2\",\"statement\":\"AA==\",\"signature\":\"AA==\",\"certificates\":[]}")]
    public async Task Malformed_json_is_refused_never_thrown(string json)
    {
        var result = await Verifier().VerifyAsync(Encoding.UTF8.GetBytes(json), Ct);
        Assert.False(result.IsValid);
        Assert.True(result.Reason is LoginRefusalReason.Malformed or LoginRefusalReason.UnsupportedVersion, result.Reason + ": " + result.Message);
    }

    [Fact]
    public async Task Random_bytes_and_any_byte_flipped_in_the_json_form_are_refused_never_thrown()
    {
        // Everything here arrives from the network: every corruption must end in a refusal.
        var verifier = Verifier();
        var json = (await AssertionAsync(await verifier.IssueChallengeAsync(Ct))).ToJson();
        Gen.Byte.Array[0, 600].Sample(
            bytes => Assert.False(verifier.VerifyAsync(bytes, Ct).AsTask().GetAwaiter().GetResult().IsValid),
            iter: 300);
        Gen.Int[0, json.Length - 1].Select(Gen.Byte.Where(b => b != 0)).Sample(
            mutation =>
            {
                var altered = (byte[])json.Clone();
                altered[mutation.Item1] ^= mutation.Item2;
                var result = verifier.VerifyAsync(altered, Ct).AsTask().GetAwaiter().GetResult();
                Assert.False(result.IsValid && !LoginAssertion.Parse(altered).Statement.Span.SequenceEqual(LoginAssertion.Parse(json).Statement.Span), "a changed statement was accepted");
            },
            iter: 300);
    }

    [Fact]
    public async Task Any_byte_flipped_in_the_statement_signature_or_certificate_is_refused()
    {
        var verifier = Verifier(revocation: RevocationMode.Off);
        var genuine = await AssertionAsync(await verifier.IssueChallengeAsync(Ct));
        Gen.Int[0, 2].Select(Gen.Int[0, 4096], Gen.Byte.Where(b => b != 0)).Sample(
            mutation =>
            {
                var (part, position, mask) = mutation;
                var statement = genuine.Statement.ToArray();
                var signature = genuine.Signature.ToArray();
                var certificate = genuine.CertificateChain[0].ToArray();
                var target = part switch { 0 => statement, 1 => signature, _ => certificate };
                target[position % target.Length] ^= mask;
                var result = verifier.VerifyAsync(new LoginAssertion(statement, signature, [certificate]), Ct).AsTask().GetAwaiter().GetResult();
                Assert.False(result.IsValid, $"a corrupted {(part == 0 ? "statement" : part == 1 ? "signature" : "certificate")} was accepted");
            },
            iter: 300);
    }

    [Fact]
    public async Task Two_verifiers_sharing_a_store_accept_a_challenge_once()
    {
        var first = Verifier();
        var second = Verifier();
        var assertion = await AssertionAsync(await first.IssueChallengeAsync(Ct));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).VerifyAsync(assertion, Ct).AsTask()));
        Assert.Single(results, r => r.IsValid);
        Assert.All(results.Where(r => !r.IsValid), r => Assert.Equal(LoginRefusalReason.ReplayedChallenge, r.Reason));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _cardKey.Dispose();
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index % bytes.Length] ^= 0x01;
        return bytes;
    }

    private static byte[] Point(ECDsa key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>OU=P-1 + SERIALNUMBER=0102030405060708 in one RDN, then CN: what a forger might try to confuse a name reader with.</summary>
    private static X500DistinguishedName MultiValuedSubject()
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSetOf())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.5.4.11");
                    writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.UTF8String, Project);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.5.4.5");
                    writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.PrintableString, Serial);
                }
            }

            using (writer.PushSetOf())
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("2.5.4.3");
                writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.UTF8String, "CASD card");
            }
        }

        return new X500DistinguishedName(writer.Encode());
    }

    private static X509Certificate2 SelfSignedRoot(ECDsa key)
    {
        var request = new CertificateRequest("CN=Test root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(10));
    }

    private async Task<byte[][]> IssueAsync() =>
        (await _ca.IssueAsync(new CardCertificateRequest(Point(_cardKey), Serial, Project, Now.AddDays(-1), Now.AddYears(4)), Ct)).Select(c => c.RawData).ToArray();

    private LoginAssertionVerifier Verifier(
        string audience = Audience,
        string? project = Project,
        EnrolmentKind? kind = null,
        IReadOnlyList<ReadOnlyMemory<byte>>? crls = null,
        RevocationMode revocation = RevocationMode.Required,
        TimeSpan? grace = null,
        X509Certificate2? anchor = null) =>
        new(
            new LoginAssertionVerifierOptions
            {
                Audience = audience,
                TrustAnchors = [anchor ?? _ca.RootCertificate],
                ProjectCode = project,
                RequiredKind = kind,
                Revocation = revocation,
                CertificateRevocationLists = crls ?? [_ca.PublishCrlAsync(Ct).GetAwaiter().GetResult()],
                StaleCrlGrace = grace ?? TimeSpan.Zero,
            },
            _store,
            _clock);

    private async Task<LoginAssertion> AssertionAsync(
        byte[] challenge,
        string audience = Audience,
        string project = Project,
        EnrolmentKind kind = EnrolmentKind.Standard,
        DateOnly? fullEnrolment = null,
        bool matchedOnCard = true,
        uint? counter = null,
        byte[][]? chain = null,
        ECDsa? signer = null)
    {
        var statement = new LoginStatement
        {
            Version = LoginStatement.CurrentVersion,
            AudienceHash = LoginStatement.HashAudience(audience),
            Challenge = challenge,
            CardSerial = Serial,
            ProjectCode = project,
            Kind = kind,
            FullEnrolmentDate = fullEnrolment ?? new DateOnly(2025, 1, 15),
            Finger = FingerReference.Primary,
            MatchedOnCard = matchedOnCard,
            IsExpress = false,
            SignatureCounter = counter ?? ++_counter,
        }.Encode();
        var signature = (signer ?? _cardKey).SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new LoginAssertion(statement, signature, [.. (chain ?? await IssueAsync()).Select(c => (ReadOnlyMemory<byte>)c)]);
    }
}
