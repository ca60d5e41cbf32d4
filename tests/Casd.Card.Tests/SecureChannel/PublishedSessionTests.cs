using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.TestData;
using Casd.Card.Tests.TestDoubles;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Casd.Card.Tests.SecureChannel;

/// <summary>
/// The host against the published whole sessions of OpenSCP-Java (tests/Shared/OpenScpSessions.cs):
/// every SCP03 session is replayed through the real pipeline, command bytes asserted one by one
/// against what that host sent and answers taken from what its card gave; the SCP11a and SCP11c
/// sessions, whose off-card certificates this host does not implement, pin the shared SCP11 key
/// derivation, receipt and secure messaging from the recorded key agreement on.
/// </summary>
public class PublishedSessionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Scp03Sessions => [.. OpenScpSessions.Scp03.Select(s => s.Name)];

    public static TheoryData<string> Scp11Sessions => [.. OpenScpSessions.Scp11.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scp03Sessions))]
    public async Task The_host_replays_the_published_scp03_session_byte_for_byte(string name)
    {
        foreach (var capabilities in new[] { CardCapabilities.ShortOnly, CardCapabilities.Extended })
        {
            var session = OpenScpSessions.Scp03.Single(s => s.Name == name);
            var card = new ScriptedCardConnection();
            foreach (var exchange in session.Exchanges)
            {
                card.Expect(exchange.Command, exchange.Response);
            }

            using var pipeline = new ApduPipeline(card, capabilities);
            using var keys = new Scp03StaticKeys(Convert.FromHexString(session.Enc), Convert.FromHexString(session.Mac), Convert.FromHexString(session.Dek));
            var options = new Scp03Options
            {
                KeyVersion = 0x30,
                Mode = session.Mode == 16 ? ScpMode.S16 : ScpMode.S8,
                HostChallenge = challenge => session.HostChallenge.CopyTo(challenge),

                // That host sends GET STATUS without Le (a case 3 command), as recorded.
                AddLeForResponseMac = false,
            };
            using var channel = await Scp03.OpenAsync(pipeline, keys, options, cancellationToken: Token);
            Assert.Equal(options.Mode, channel.Mode);
            for (var i = 0; i < OpenScpSessions.GetStatusP1.Length; i++)
            {
                var answer = await channel.TransmitAsync(new CommandApdu(0x80, 0xF2, OpenScpSessions.GetStatusP1[i], 0x00, new byte[] { 0x4F, 0x00 }), Token);
                Assert.Equal(StatusWord.Success, answer.StatusWord);
                Assert.Equal(OpenScpSessions.GetStatusPlainAnswers[i], Convert.ToHexString(answer.Data.Span));
            }

            Assert.Equal(0, card.Remaining);
        }
    }

    [Theory]
    [MemberData(nameof(Scp11Sessions))]
    public void The_shared_scp11_primitives_reproduce_the_published_session_from_the_key_agreement_on(string name)
    {
        var session = OpenScpSessions.Scp11.Single(s => s.Name == name);

        // The card's key is in the last certificate of its store.
        var certificates = CardCertificateValidator.Parse(Convert.FromHexString(session.CertificateStore));
        var staticCard = (ECPublicKeyParameters)certificates[^1].GetPublicKey();
        var staticOce = (ECPrivateKeyParameters)PrivateKeyFactory.CreateKey(Convert.FromHexString(session.StaticOceKey));
        var ephemeralOce = (ECPrivateKeyParameters)PrivateKeyFactory.CreateKey(Convert.FromHexString(session.EphemeralOceKey));
        var domain = staticOce.Parameters;
        var ephemeralCard = new ECPublicKeyParameters(domain.Curve.DecodePoint(session.CardKeyTlv[3..]), domain);
        var size = (domain.Curve.FieldSize + 7) / 8;

        // ShSee = ECDH(eSK.OCE, ePK.SD), ShSes = ECDH(SK.OCE, PK.SD) (Amendment F, 3.1.2).
        byte[] z =
        [
            .. Agree(ephemeralOce, ephemeralCard, size),
            .. Agree(staticOce, new ECPublicKeyParameters(domain.Curve.DecodePoint(staticCard.Q.GetEncoded(false)), domain), size),
        ];
        var length = session.KeyLength;
        var keys = new byte[Scp11KeyDerivation.KeyCount * length];
        Scp11KeyDerivation.DeriveKeys(z, length, keys);
        var receipt = new byte[16];
        Scp11KeyDerivation.Receipt(keys.AsSpan(0, length), session.AuthenticateData, session.CardKeyTlv, receipt);
        Assert.Equal(Convert.ToHexString(session.Receipt), Convert.ToHexString(receipt));

        using var channel = new SecureMessagingSession(
            keys.AsSpan(length, length),
            keys.AsSpan(2 * length, length),
            keys.AsSpan(3 * length, length),
            receipt,
            SecurityLevel.Full,
            session.Mode == 16 ? ScpMode.S16 : ScpMode.S8,
            new CommandFraming(CardCapabilities.ShortOnly, AddLeForResponseMac: false));
        var wrapped = channel.Wrap(new CommandApdu(0x80, 0xF2, 0x20, 0x00, new byte[] { 0x4F, 0x00 }));
        Assert.Equal(session.GetStatus.Command, Convert.ToHexString(wrapped.ToArray()));
        var answer = channel.Unwrap(ResponseApdu.Parse(Convert.FromHexString(session.GetStatus.Response)));
        Assert.Equal(OpenScpSessions.GetStatusPlainAnswers[0], Convert.ToHexString(answer.Data.Span));
    }

    [Fact]
    public void The_published_certificate_stores_hold_one_certificate_whose_key_is_the_card_key()
    {
        foreach (var store in new[] { OpenScpSessions.StoreP256, OpenScpSessions.StoreP384, OpenScpSessions.StoreBp256 })
        {
            var certificates = CardCertificateValidator.Parse(Convert.FromHexString(store));
            Assert.Single(certificates);
            Assert.Contains("SD Certificate", certificates[^1].SubjectDN.ToString(), StringComparison.Ordinal);
        }
    }

    private static byte[] Agree(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey, int size)
    {
        var agreement = new ECDHBasicAgreement();
        agreement.Init(privateKey);
        BigInteger secret = agreement.CalculateAgreement(publicKey);
        return BigIntegers.AsUnsignedByteArray(size, secret);
    }
}
