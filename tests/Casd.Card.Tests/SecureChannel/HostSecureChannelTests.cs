using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Tests.TestDoubles;
using CsCheck;
using Moq;

namespace Casd.Card.Tests.SecureChannel;

/// <summary>Host-side behaviour that needs no card: parsers of card bytes, key handling, level rules.</summary>
public class HostSecureChannelTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ScpMode.S8)]
    [InlineData(ScpMode.S16)]
    public void Initialize_update_parser_rejects_any_malformed_answer_with_a_typed_exception(ScpMode mode) =>
        Gen.Byte.Array[0, 56].Sample(
            bytes =>
            {
                try
                {
                    var parsed = InitializeUpdateResponse.Parse(bytes, SecurityLevel.Full, mode);
                    Assert.Equal(0x03, bytes[11]);
                    Assert.Equal(mode == ScpMode.S16, (bytes[12] & 0x01) != 0);
                    Assert.Equal((int)mode, parsed.CardChallenge.Length);
                    Assert.Equal((int)mode, parsed.CardCryptogram.Length);
                }
                catch (SecureChannelException)
                {
                }
            },
            iter: 2000);

    [Fact]
    public void The_lc_the_mac_covers_is_the_lc_the_pipeline_transmits() =>
        Gen.Int[1, 1200].Select(Gen.Int[0, 70_000], Gen.Int[0, 2]).Sample(
            sample =>
            {
                var (nc, ne, which) = sample;
                ne = Math.Min(ne, CommandApdu.MaxExtendedExpectedLength);
                var capabilities = which switch
                {
                    0 => CardCapabilities.ShortOnly,
                    1 => CardCapabilities.Extended,
                    _ => CardCapabilities.Extended with { MaxCommandDataLength = 300 },
                };
                var framing = new CommandFraming(capabilities, AddLeForResponseMac: true);
                var card = new ScriptedCardConnection(_ => [0x90, 0x00]);
                using (var pipeline = new ApduPipeline(card, capabilities))
                {
                    pipeline.TransmitAsync(new CommandApdu(0x84, 0xDA, 0x00, 0x00, new byte[nc], ne)).AsTask().GetAwaiter().GetResult();
                }

                // One APDU: the Lc as it went; a chain: the card MACs the whole Lc in its shortest form.
                var onWire = card.Received.Count == 1 ? card.Received[0][4] == 0x00 : nc > CommandApdu.MaxShortDataLength;
                Assert.Equal(onWire, framing.UsesExtendedLc(nc, ne));
                Assert.True(capabilities.SupportsExtendedLength || framing.WrappedExpectedLength(ne, 8) <= CommandApdu.MaxShortExpectedLength);
            },
            iter: 600);

    [Fact]
    public void Certificate_store_parser_rejects_garbage_with_a_typed_exception()
    {
        using var ca = DevelopmentScp11bAuthority.Create();
        using var card = ca.IssueCardCredentials("0011223344556677");
        var certificate = card.Certificate.ToArray();
        byte[] store = [0xBF, 0x21, 0x82, (byte)(certificate.Length >> 8), (byte)certificate.Length, .. certificate];
        var options = new Scp11bOptions { TrustAnchors = [ca.Certificate] };
        Assert.NotNull(CardCertificateValidator.Validate(store, options));
        Gen.Int[0, store.Length - 1].Select(Gen.Byte.Where(b => b != 0)).Sample(
            mutation =>
            {
                var (index, mask) = mutation;
                var altered = store.ToArray();
                altered[index] ^= mask;
                try
                {
                    CardCertificateValidator.Validate(altered, options);

                    // Only bytes outside the signed content (e.g. unused signature padding) may leave it valid.
                }
                catch (CardCertificateValidationException)
                {
                }
            },
            iter: 400);
        Gen.Byte.Array[0, 300].Sample(bytes => Assert.Throws<CardCertificateValidationException>(() => CardCertificateValidator.Validate(bytes, options)), iter: 500);
    }

    [Fact]
    public void A_response_without_a_valid_rmac_never_unwraps() =>
        Gen.Byte.Array[0, 80].Select(Gen.Int[0, 4].Select(i => new ushort[] { 0x9000, 0x6300, 0x63C2, 0x6A82, 0x6982 }[i])).Sample(
            sample =>
            {
                var (data, sw) = sample;
                using var session = new SecureMessagingSession(new byte[16], new byte[16], new byte[16], new byte[16], SecurityLevel.Full);
                var response = new ResponseApdu(data, new StatusWord(sw));
                var protectedStatus = sw == 0x9000 || (sw >> 8) is 0x62 or 0x63;
                if (!protectedStatus && data.Length == 0)
                {
                    Assert.Equal(response, session.Unwrap(response));
                }
                else
                {
                    Assert.Throws<SecureChannelException>(() => session.Unwrap(response));
                }
            },
            iter: 1000);

    [Theory]
    [InlineData(SecurityLevel.None)]
    [InlineData(SecurityLevel.CommandEncryption)]
    [InlineData(SecurityLevel.CommandMac | SecurityLevel.ResponseEncryption)]
    [InlineData(SecurityLevel.CommandMac | SecurityLevel.ResponseMac | SecurityLevel.ResponseEncryption)]
    [InlineData((SecurityLevel)0x41)]
    public void Levels_GlobalPlatform_does_not_allow_are_refused(SecurityLevel level) =>
        Assert.Throws<ArgumentException>(() => Scp03.ValidateLevel(level));

    [Fact]
    public void Diversified_keys_depend_on_serial_and_key_version_and_are_reproducible()
    {
        using var master = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        byte[] serial = [1, 2, 3, 4, 5, 6, 7, 8];
        using var a = DiversifiedScp03KeyProvider.Diversify(master, serial, 0x01);
        using var b = DiversifiedScp03KeyProvider.Diversify(master, serial, 0x01);
        using var otherCard = DiversifiedScp03KeyProvider.Diversify(master, [1, 2, 3, 4, 5, 6, 7, 9], 0x01);
        using var otherVersion = DiversifiedScp03KeyProvider.Diversify(master, serial, 0x02);
        Assert.Equal(a.Enc.ToArray(), b.Enc.ToArray());
        Assert.NotEqual(a.Enc.ToArray(), otherCard.Enc.ToArray());
        Assert.NotEqual(a.Mac.ToArray(), otherVersion.Mac.ToArray());
        Assert.NotEqual(a.Enc.ToArray(), a.Mac.ToArray());
        Assert.NotEqual(master.Enc.ToArray(), a.Enc.ToArray());
    }

    [Fact]
    public void Static_keys_are_checked_and_unusable_once_zeroed()
    {
        Assert.Throws<ArgumentException>(() => new Scp03StaticKeys(new byte[16], new byte[24], new byte[16]));
        Assert.Throws<ArgumentException>(() => new Scp03StaticKeys(new byte[15], new byte[15], new byte[15]));
        var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        Assert.Equal(0x40, keys.Enc[0]);
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.Enc.Length);
    }

    [Fact]
    public async Task A_card_without_the_key_version_gets_a_clear_authentication_error()
    {
        var card = new Mock<IApduTransmitter>();
        card.Setup(c => c.TransmitAsync(It.IsAny<CommandApdu>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResponseApdu(ReadOnlyMemory<byte>.Empty, new StatusWord(0x6A88)));
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(card.Object, keys, cancellationToken: Token));
        Assert.Contains("version 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_that_cannot_give_the_requested_level_is_refused_before_authenticating()
    {
        // i = '00': no R-MAC, no R-ENCRYPTION.
        var answer = new byte[29];
        answer[10] = 0x30;
        answer[11] = 0x03;
        var card = new Mock<IApduTransmitter>(MockBehavior.Strict);
        card.Setup(c => c.TransmitAsync(It.Is<CommandApdu>(a => a.Ins == 0x50), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResponseApdu(answer, StatusWord.Success));
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var error = await Assert.ThrowsAsync<SecureChannelException>(() => Scp03.OpenAsync(card.Object, keys, cancellationToken: Token));
        Assert.Contains("R-MAC", error.Message, StringComparison.Ordinal);
        card.Verify(c => c.TransmitAsync(It.Is<CommandApdu>(a => a.Ins == 0x82), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Scp11b_needs_a_trust_anchor()
    {
        var card = new Mock<IApduTransmitter>(MockBehavior.Strict);
        await Assert.ThrowsAsync<ArgumentException>(() => Scp11b.OpenAsync(card.Object, new Scp11bOptions(), cancellationToken: Token));
    }
}
