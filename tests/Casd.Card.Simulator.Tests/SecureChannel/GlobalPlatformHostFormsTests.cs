using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>
/// The forms GlobalPlatform hosts send (yubikit, OpenSCP, GlobalPlatformPro, pySim), sent to the
/// simulated card raw and through the <see cref="ApduPipeline"/>: the certificate store by CLA '00'
/// and '80', with and without key reference, short and extended Le; the key agreement's answer
/// shaped by Ne; protected commands with short and extended Lc and chained; S16 mode; and a store
/// that carries a CA certificate before the card's.
/// </summary>
public sealed class GlobalPlatformHostFormsTests : IDisposable
{
    private const string SerialHex = "C45D000000000077";
    private static readonly byte[] KeyReference = [0xA6, 0x04, 0x83, 0x02, 0x13, 0x01];
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _issuingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _issuing;
    private readonly byte[] _cardKey;
    private readonly byte[] _cardCertificate;

    public GlobalPlatformHostFormsTests()
    {
        // A root CA (the host's trust anchor), an issuing CA under it, and the card's key agreement
        // certificate under the issuing CA: the store carries the issuing CA, then the card's.
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=CASD Root CA", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var issuingRequest = new CertificateRequest("CN=CASD Issuing CA 2", _issuingKey, HashAlgorithmName.SHA256);
        issuingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        issuingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _issuing = issuingRequest.Create(_root, now.AddDays(-1), now.AddYears(5), [0x11]);
        using var card = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("CASD card SCP11b");
        subject.Add("2.5.4.5", SerialHex, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        var cardRequest = new CertificateRequest(subject.Build(), new PublicKey(card), HashAlgorithmName.SHA256);
        cardRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        cardRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyAgreement, true));
        using var leaf = cardRequest.Create(_issuing.SubjectName, X509SignatureGenerator.CreateForECDsa(_issuingKey), now.AddDays(-1), now.AddYears(4), [0x22]);
        _cardKey = card.ExportPkcs8PrivateKey();
        _cardCertificate = leaf.RawData;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_form_GP_hosts_send_returns_the_store_in_pieces_no_longer_than_Ne_with_the_card_key_last()
    {
        var card = Card();
        foreach (var le in new[] { 0x00, 0x80 })
        {
            var ne = le == 0 ? 256 : le;
            var response = card.Transmit([0x00, 0xCA, 0xBF, 0x21, 0x06, .. KeyReference, (byte)le]);
            var store = new List<byte>();
            while (true)
            {
                Assert.InRange(response.Length - 2, 0, ne);
                store.AddRange(response[..^2]);
                if (response[^2] != 0x61)
                {
                    Assert.Equal(new byte[] { 0x90, 0x00 }, response[^2..]);
                    break;
                }

                ne = response[^1] == 0 ? 256 : response[^1];
                response = card.Transmit([0x00, 0xC0, 0x00, 0x00, response[^1]]);
            }

            Assert.True(store.Count > 512);
            AssertStoreEndsWithTheCardCertificate(store.ToArray());
        }

        // Extended Le: the whole store in one answer.
        var whole = card.Transmit([0x00, 0xCA, 0xBF, 0x21, 0x00, 0x00, 0x06, .. KeyReference, 0x00, 0x00]);
        Assert.Equal(new byte[] { 0x90, 0x00 }, whole[^2..]);
        AssertStoreEndsWithTheCardCertificate(whole[..^2]);
    }

    [Theory]
    [InlineData(0x00, true)]
    [InlineData(0x80, true)]
    [InlineData(0x00, false)]
    [InlineData(0x80, false)]
    public async Task Every_class_with_or_without_key_reference_reads_the_store_through_the_pipeline(byte cla, bool withReference)
    {
        foreach (var capabilities in new[] { CardCapabilities.ShortOnly, CardCapabilities.Extended })
        {
            await using var h = await CardHarness.CreateAsync(Options(), capabilities: capabilities);
            var command = new CommandApdu(cla, 0xCA, 0xBF, 0x21, withReference ? KeyReference : ReadOnlyMemory<byte>.Empty, capabilities.SupportsExtendedLength ? 65_536 : 256);
            var store = (await h.SendAsync(command)).EnsureSuccess();
            AssertStoreEndsWithTheCardCertificate(store.Data.ToArray());
        }
    }

    [Theory]
    [InlineData("A6048302110 1", 0x6A88)]
    [InlineData("A604830213 02", 0x6A88)]
    [InlineData("A6038301 13", 0x6A80)]
    [InlineData("A604830213 0100", 0x6A80)]
    [InlineData("8302 1301", 0x6A80)]
    [InlineData("A6 05 83 03 13 01 00", 0x6A80)]
    public void A_key_reference_to_another_key_or_a_malformed_one_is_refused(string reference, int sw)
    {
        var card = Card();
        var data = Convert.FromHexString(reference.Replace(" ", string.Empty, StringComparison.Ordinal));
        foreach (var cla in new byte[] { 0x00, 0x80 })
        {
            var response = card.Transmit(new CommandApdu(cla, 0xCA, 0xBF, 0x21, data, 256).ToArray());
            Assert.Equal(new byte[] { (byte)(sw >> 8), (byte)sw }, response);
        }
    }

    [Fact]
    public void A_card_without_SCP11b_credentials_has_no_store_in_either_form()
    {
        var card = new SimulatedCard();
        Assert.Equal(new byte[] { 0x6A, 0x88 }, card.Transmit([0x00, 0xCA, 0xBF, 0x21, 0x06, .. KeyReference, 0x00]));
        Assert.Equal(new byte[] { 0x6A, 0x88 }, card.Transmit([0x00, 0xCA, 0xBF, 0x21, 0x00]));
        Assert.Equal(new byte[] { 0x6A, 0x88 }, card.Transmit([0x80, 0xCA, 0xBF, 0x21, 0x00]));
    }

    [Fact]
    public async Task On_an_enrolled_card_BF21_is_the_store_and_the_project_is_read_by_its_own_tag()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.PersonaliseAsync(CardHarness.Minutiae(5));
        await h.SelectAsync();
        var store = await h.SendAsync(new CommandApdu(0x00, 0xCA, 0xBF, 0x21, expectedLength: 256));
        AssertStoreEndsWithTheCardCertificate(store.EnsureSuccess().Data.ToArray());
        Assert.Equal(0xBF24u, CasdTags.Project);
        var project = (await h.SendAsync(CasdCommands.GetData(CasdTags.Project))).EnsureSuccess();
        Assert.Equal(CardHarness.Project, ProjectInfo.Parse(project.Data.Span));
    }

    [Fact]
    public void The_key_agreement_answer_is_shaped_by_Ne_like_any_other()
    {
        var card = Card();
        using var host = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = host.ExportParameters(false).Q;
        byte[] data = [0xA6, 0x0D, 0x90, 0x02, 0x11, 0x00, 0x95, 0x01, 0x3C, 0x80, 0x01, 0x88, 0x81, 0x01, 0x10, 0x5F, 0x49, 0x41, 0x04, .. q.X!, .. q.Y!];

        // No Le: nothing but '61 56' (86 bytes: '5F49' ePK.SD and '86' receipt), then GET RESPONSE.
        var first = card.Transmit(new CommandApdu(0x80, 0x88, 0x01, 0x13, data).ToArray());
        Assert.Equal(new byte[] { 0x61, 0x56 }, first);
        var rest = card.Transmit([0x00, 0xC0, 0x00, 0x00, 0x56]);
        Assert.Equal(86 + 2, rest.Length);
        Assert.Equal(new byte[] { 0x5F, 0x49, 0x41, 0x04 }, rest[..4]);

        // Le = 32: 32 bytes, then the other 54.
        var part = card.Transmit(new CommandApdu(0x80, 0x88, 0x01, 0x13, data, 0x20).ToArray());
        Assert.Equal(32 + 2, part.Length);
        Assert.Equal(new byte[] { 0x61, 0x36 }, part[^2..]);
    }

    [Fact]
    public async Task A_store_with_a_CA_certificate_before_the_card_certificate_opens_a_channel_with_our_host()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        using var channel = await Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token);
        var serial = (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();
        Assert.Equal(Convert.FromHexString(SerialHex), serial.Data.ToArray()[^8..]);
    }

    [Fact]
    public async Task A_store_in_the_old_order_card_first_is_refused_by_the_host()
    {
        var options = Options() with { Scp11bCredentials = new CardScp11bCredentials(_cardKey, [_cardCertificate, _issuing.RawData]) };
        await using var h = await CardHarness.CreateAsync(options);
        await h.SelectAsync();
        var error = await Assert.ThrowsAsync<CardCertificateValidationException>(() => Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token));
        Assert.Contains("key agreement", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Protected_commands_with_short_extended_and_chained_framing_are_accepted(bool s16)
    {
        var cardMode = s16 ? CardScpMode.S16 : CardScpMode.S8;
        var hostMode = s16 ? ScpMode.S16 : ScpMode.S8;
        var options = Options() with { Scp03Keys = CardScp03Keys.GlobalPlatformTestKeys with { Mode = cardMode } };
        foreach (var capabilities in new[] { CardCapabilities.ShortOnly, CardCapabilities.Extended })
        {
            await using var h = await CardHarness.CreateAsync(options);
            var wire = new RecordingConnection(h.Connection);
            using var pipeline = new ApduPipeline(wire, capabilities);
            (await pipeline.TransmitAsync(CasdCommands.Select(), Token)).EnsureSuccess();
            using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
            using var desk = await Scp03.OpenAsync(pipeline, keys, new Scp03Options { Mode = hostMode }, cancellationToken: Token);
            Assert.Equal(hostMode, desk.Mode);

            // Holder to finger, with a certificate over 255 bytes: chained on a short-only link,
            // one command with an extended Lc otherwise.
            var certificate = await DeskPersonalisation.RunAsync(desk, CardHarness.Minutiae(9), Token);
            Assert.True(certificate.Length > 255);
            var put = wire.Sent.Where(c => c[1] == 0xDA && c[2] == 0xDF).ToList();
            if (capabilities.SupportsExtendedLength)
            {
                Assert.Equal(0x00, Assert.Single(put)[4]);
            }
            else
            {
                Assert.True(put.Count > 1);
                Assert.All(put[..^1], c => Assert.Equal(0x14, c[0]));
                Assert.All(put, c => Assert.NotEqual(0x00, c[4]));
            }

            // A small command that asks for more than 256 bytes travels with an extended Lc on an
            // extended link (the yubikit form): its C-MAC covers '00 00 Lc'.
            wire.Sent.Clear();
            var read = (await desk.TransmitAsync(CasdCommands.GetData(CasdTags.Certificate, 65_536), Token)).EnsureSuccess();
            Assert.Equal(certificate, CasdResponses.ParseCertificate(read.Data.Span));
            var get = wire.Sent.First(c => c[1] == 0xCA);
            Assert.Equal(capabilities.SupportsExtendedLength, get[4] == 0x00);
            Assert.True(get.Length - 7 < 256);
            Assert.True(desk.IsOpen);
        }
    }

    [Fact]
    public async Task An_SCP11b_session_in_S16_mode_carries_match_on_card()
    {
        var minutiae = CardHarness.Minutiae(21);
        var options = Options() with
        {
            Scp11bCredentials = new CardScp11bCredentials(_cardKey, [_issuing.RawData, _cardCertificate], Mode: CardScpMode.S16),
        };
        await using var h = await CardHarness.CreateAsync(options);
        await h.SelectAsync();
        using (var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys())
        using (var desk = await Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token))
        {
            await DeskPersonalisation.RunAsync(desk, minutiae, Token);
        }

        await h.SelectAsync();
        using var channel = await Scp11b.OpenAsync(h.Pipeline, HostOptions() with { Mode = ScpMode.S16 }, cancellationToken: Token);
        Assert.Equal(ScpMode.S16, channel.Mode);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray()), Token)).EnsureSuccess();

        // A wrong probe: '63CX' comes back R-MACed (a warning, Amendment D 6.2.6) and leaves the channel open.
        var miss = await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, CardHarness.Minutiae(99)), Token);
        Assert.Equal(0x63, miss.StatusWord.Sw1);
        Assert.True(channel.IsOpen);
    }

    [Fact]
    public async Task A_host_in_another_mode_than_the_card_is_refused_before_any_key_is_used()
    {
        await using var h = await CardHarness.CreateAsync(Options() with { Scp03Keys = CardScp03Keys.GlobalPlatformTestKeys with { Mode = CardScpMode.S16 } });
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token));
        Assert.Contains("6700", error.Message, StringComparison.Ordinal);
        var answer = h.Card.Transmit(new CommandApdu(0x80, 0x50, 0x30, 0x00, new byte[16], 256).ToArray());
        Assert.Equal(0x71, answer[12]);
        Assert.Equal(48 + 2, answer.Length);
    }

    public void Dispose()
    {
        _root.Dispose();
        _issuing.Dispose();
        _rootKey.Dispose();
        _issuingKey.Dispose();
    }

    private SimulatedCardOptions Options() => new()
    {
        Serial = Convert.FromHexString(SerialHex),
        Scp11bCredentials = new CardScp11bCredentials(_cardKey, [_issuing.RawData, _cardCertificate]),
    };

    private Scp11bOptions HostOptions() => new()
    {
        TrustAnchors = [_root],
        ExpectedCardSerial = SerialHex,
    };

    private SimulatedCard Card() => new(Options());

    private void AssertStoreEndsWithTheCardCertificate(byte[] store)
    {
        var outer = new BerTlvReader(store).ReadValue(0xBF21);
        var reader = new BerTlvReader(outer);
        var certificates = new List<byte[]>();
        while (reader.HasData)
        {
            certificates.Add(reader.Read().Encoded.ToArray());
        }

        Assert.Equal(2, certificates.Count);
        Assert.Equal(_issuing.RawData, certificates[0]);
        Assert.Equal(_cardCertificate, certificates[^1]);
    }
}
