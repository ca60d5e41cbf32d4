using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>SCP11b from the host's <see cref="Scp11b"/> to the card's own implementation, through the pipeline.</summary>
public sealed class Scp11bEndToEndTests : IDisposable
{
    private const string SerialHex = "C45D000000000042";
    private readonly DevelopmentScp11bAuthority _ca = DevelopmentScp11bAuthority.Create();
    private readonly Scp11bCardCredentials _credentials;

    public Scp11bEndToEndTests()
    {
        _credentials = _ca.IssueCardCredentials(SerialHex);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SimulatedCardOptions Options(Scp11bCardCredentials? credentials = null) => new()
    {
        Serial = Convert.FromHexString(SerialHex),
        EnforceChannelAccessRules = true,
        Scp11bCredentials = new CardScp11bCredentials((credentials ?? _credentials).PrivateKeyPkcs8.ToArray(), [(credentials ?? _credentials).Certificate.ToArray()]),
    };

    private Scp11bOptions HostOptions(TimeProvider? time = null, string? serial = SerialHex) => new()
    {
        TrustAnchors = [_ca.Certificate],
        ExpectedCardSerial = serial,
        TimeProvider = time ?? TimeProvider.System,
    };

    [Fact]
    public async Task The_remote_client_opens_a_card_authenticated_channel_and_verifies_a_finger_inside_it()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        var minutiae = CardHarness.Minutiae(11);
        await h.SelectAsync();
        using (var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys())
        using (var desk = await Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token))
        {
            await DeskPersonalisation.RunAsync(desk, minutiae, Token);
        }

        await h.SelectAsync();

        // Outside a channel, VERIFY with data is refused under the access rules.
        Assert.Equal((ushort)0x6982, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray())));

        using var channel = await Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token);
        Assert.Equal(SecureChannelProtocol.Scp11b, channel.Protocol);
        Assert.Equal(SecurityLevel.Full, channel.SecurityLevel);
        Assert.Equal(Os.SecureChannelKind.Scp11b, h.Card.SecurityStatus.Channel);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray()), Token)).EnsureSuccess();
        var serial = (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();
        Assert.Equal(Convert.FromHexString(SerialHex), serial.Data.ToArray()[^8..]);

        // SCP11b is not the desk's channel: no personalisation inside it.
        Assert.Equal((ushort)0x6982, (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Holder.Encode()), Token)).StatusWord.Value);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_CA_is_refused_before_any_secret_is_sent()
    {
        using var rogue = DevelopmentScp11bAuthority.Create("CN=Rogue CA");
        using var forged = rogue.IssueCardCredentials(SerialHex);
        await using var h = await CardHarness.CreateAsync(Options(forged));
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        var error = await Assert.ThrowsAsync<CardCertificateValidationException>(() => Scp11b.OpenAsync(link, HostOptions(), cancellationToken: Token));
        Assert.Contains("trust anchor", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Sent, c => c.Ins == Scp11b.InternalAuthenticateIns);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_by_the_configured_clock()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(5));
        var error = await Assert.ThrowsAsync<CardCertificateValidationException>(() => Scp11b.OpenAsync(link, HostOptions(later), cancellationToken: Token));
        Assert.Contains("not valid on", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Sent, c => c.Ins == Scp11b.InternalAuthenticateIns);
    }

    [Fact]
    public async Task A_certificate_for_another_card_is_refused()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        var error = await Assert.ThrowsAsync<CardCertificateValidationException>(() => Scp11b.OpenAsync(link, HostOptions(serial: "C45D000000000043"), cancellationToken: Token));
        Assert.Contains("another card", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Sent, c => c.Ins == Scp11b.InternalAuthenticateIns);
    }

    [Fact]
    public async Task A_card_holding_another_key_than_its_certificate_fails_the_receipt()
    {
        // A forged card: genuine certificate copied, but it does not hold the certified key.
        using var other = _ca.IssueCardCredentials(SerialHex);
        var forged = new SimulatedCardOptions
        {
            Serial = Convert.FromHexString(SerialHex),
            Scp11bCredentials = new CardScp11bCredentials(other.PrivateKeyPkcs8.ToArray(), [_credentials.Certificate.ToArray()]),
        };
        await using var h = await CardHarness.CreateAsync(forged);
        await h.SelectAsync();
        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token));
        Assert.Contains("receipt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(70)]
    [InlineData(85)]
    public async Task A_tampered_answer_or_receipt_is_refused(int offset)
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        link.AlterResponse = r =>
        {
            if (link.Sent[^1].Ins != Scp11b.InternalAuthenticateIns)
            {
                return r;
            }

            var data = r.Data.ToArray();
            data[offset] ^= 0x01;
            return new ResponseApdu(data, r.StatusWord);
        };
        await Assert.ThrowsAnyAsync<SecureChannelException>(() => Scp11b.OpenAsync(link, HostOptions(), cancellationToken: Token));
    }

    [Fact]
    public async Task A_flipped_bit_inside_an_SCP11b_session_closes_it()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        using var channel = await Scp11b.OpenAsync(link, HostOptions(), cancellationToken: Token);
        link.AlterCommand = c => TamperingTransmitter.FlipBit(c, 40);
        var error = await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
        Assert.Contains("6988", error.Message, StringComparison.Ordinal);
        Assert.Equal(Os.SecureChannelKind.None, h.Card.SecurityStatus.Channel);
    }

    [Fact]
    public async Task A_card_without_SCP11b_credentials_says_so()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp11b.OpenAsync(h.Pipeline, HostOptions(serial: null), cancellationToken: Token));
    }

    public void Dispose()
    {
        _credentials.Dispose();
        _ca.Dispose();
    }
}
