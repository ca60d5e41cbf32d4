using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Transport;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Attacks;

/// <summary>
/// docs/attacks.md, "brute force of the desk's keys": whoever holds the card may start SCP03
/// authentications. The card counts every one that does not end in a successful EXTERNAL
/// AUTHENTICATE and locks the personalisation key set after ten; the count is public (GET DATA 'BF31').
/// </summary>
public sealed class Scp03AttemptLimitTests : IDisposable
{
    private const string SerialHex = "C45D0000000A7AC1";
    private static readonly byte[] Finger = CardHarness.Minutiae(72);
    private static readonly byte[] WrongKey = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private readonly DevelopmentScp11bAuthority _ca = DevelopmentScp11bAuthority.Create();
    private readonly Scp11bCardCredentials _credentials;

    public Scp03AttemptLimitTests()
    {
        _credentials = _ca.IssueCardCredentials(SerialHex);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_failed_authentications_lock_SCP03_for_good_while_logins_keep_working()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();

        // Half with a wrong host cryptogram, half abandoned after INITIALIZE UPDATE: both count.
        using var wrong = new Scp03StaticKeys(WrongKey, WrongKey, WrongKey);
        for (var i = 0; i < CardSecureChannel.MaxFailedAuthentications; i++)
        {
            if (i % 2 == 0)
            {
                await Assert.ThrowsAnyAsync<SecureChannelException>(() => Scp03.OpenAsync(h.Pipeline, wrong, cancellationToken: Token));
            }
            else
            {
                Assert.Equal(0x9000, await h.SwAsync(InitializeUpdate()));
            }

            Assert.Equal(i + 1, (await ChannelStatusAsync(h)).Failed);
        }

        // The eleventh attempt is refused before any cryptogram, even with the right keys.
        Assert.Equal(0x6983, await h.SwAsync(InitializeUpdate()));
        using var right = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        await Assert.ThrowsAnyAsync<CardException>(() => Scp03.OpenAsync(h.Pipeline, right, cancellationToken: Token));
        var status = await ChannelStatusAsync(h);
        Assert.Equal((CardSecureChannel.MaxFailedAuthentications, CardSecureChannel.MaxFailedAuthentications), (status.Failed, status.Limit));

        // Locked for good: a power cycle does not unlock it.
        h.Card.Reset();
        Assert.Equal(0x6983, await h.SwAsync(InitializeUpdate()));

        // The holder still logs in over SCP11b.
        await h.SelectAsync();
        using var login = await Scp11b.OpenAsync(h.Pipeline, new Scp11bOptions { TrustAnchors = [_ca.Certificate], ExpectedCardSerial = SerialHex }, cancellationToken: Token);
        (await login.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();
        (await login.TransmitAsync(CasdCommands.GeneralAuthenticate(LoginStatement.HashAudience("https://remote.casd.test"), new byte[16]), Token)).EnsureSuccess();
    }

    [Fact]
    public async Task A_success_resets_the_count_of_failed_authentications()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        for (var i = 0; i < CardSecureChannel.MaxFailedAuthentications - 1; i++)
        {
            Assert.Equal(0x9000, await h.SwAsync(InitializeUpdate()));
        }

        Assert.Equal(CardSecureChannel.MaxFailedAuthentications - 1, (await ChannelStatusAsync(h)).Failed);
        await h.OpenDeskAsync();
        Assert.Equal(0, (await ChannelStatusAsync(h)).Failed);
    }

    [Fact]
    public async Task The_sequence_counter_cannot_wrap_SCP03_locks_at_its_end()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.SelectAsync();
        h.Card.Store.Write("scp.seq", [0xFF, 0xFF, 0xFE]);

        // The last value is still served; after it, a repeated card challenge would repeat session keys.
        await h.OpenDeskAsync();
        Assert.Equal(CardSecureChannel.MaxSequenceCounter, (await ChannelStatusAsync(h)).Sequence);
        await h.SelectAsync();
        Assert.Equal(0x6983, await h.SwAsync(InitializeUpdate()));
        Assert.True(Assert.IsType<CardSecureChannel>(h.Card.SecureMessaging).IsScp03Locked);
    }

    public void Dispose() => _ca.Dispose();

    private static CommandApdu InitializeUpdate() => new(0x80, 0x50, 0x30, 0x00, Convert.FromHexString("0102030405060708"), 256);

    private static async Task<(int Failed, int Limit, int Sequence)> ChannelStatusAsync(CardHarness h)
    {
        var encoded = (await h.SendAsync(CasdCommands.GetData(CasdTags.SecureChannelStatus))).EnsureSuccess().Data.ToArray();
        var reader = new BerTlvReader(encoded);
        var template = reader.Read();
        Assert.Equal(CasdTags.SecureChannelStatus, template.Tag);
        var inner = template.CreateReader();
        int failed = inner.Read().Value[0], limit = inner.Read().Value[0];
        var sequence = inner.Read().Value;
        return (failed, limit, (sequence[0] << 16) | (sequence[1] << 8) | sequence[2]);
    }

    private SimulatedCardOptions Options() => new()
    {
        Serial = Convert.FromHexString(SerialHex),
        Scp11bCredentials = new CardScp11bCredentials(_credentials.PrivateKeyPkcs8.ToArray(), [_credentials.Certificate.ToArray()]),
    };
}
