using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tests.SecureChannel;
using Casd.Card.Simulator.Tests.Support;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Simulator.Tests.Attacks;

/// <summary>
/// docs/attacks.md, "session binding": the holder's VERIFY succeeded inside an SCP11b session;
/// somebody else (another process on the host, or an attacker on the reader link) wants a
/// signature out of it. Each test performs the attack against the card and asserts that no
/// signature comes out, then that the holder's own session cannot be ridden either.
/// </summary>
public sealed class SessionBindingAttackTests : IDisposable
{
    private const string SerialHex = "C45D0000000A7AC0";
    private static readonly byte[] Finger = CardHarness.Minutiae(71);
    private static readonly byte[] Challenge = Enumerable.Range(0x40, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Audience = LoginStatement.HashAudience("https://remote.casd.test");
    private readonly DevelopmentScp11bAuthority _ca = DevelopmentScp11bAuthority.Create();
    private readonly Scp11bCardCredentials _credentials;

    public SessionBindingAttackTests()
    {
        _credentials = _ca.IssueCardCredentials(SerialHex);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_process_asking_in_clear_after_the_holders_verify_gets_no_signature()
    {
        await using var h = await IssuedCardAsync();
        using var holder = await HolderVerifiesAsync(h);
        await using var other = await OtherConnectionAsync(h);

        // The report's attack, byte for byte: the first command in clear closes the holder's channel
        // ('6988'); the second is no command any more (interface 2.0 signs only login statements,
        // '6D00'); a login signature request in clear finds no verification ('6982').
        var attack = Convert.FromHexString("00880000" + "10" + Convert.ToHexString(Challenge) + "00");
        Assert.Equal(0x6988, Sw(await other.SendRawAsync(attack)));
        Assert.Equal(0x6D00, Sw(await other.SendRawAsync(attack)));
        Assert.Equal(0x6982, Sw(await other.SendRawAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge).ToArray())));
        Assert.Null(h.Card.SecurityStatus.VerifiedReference);

        // The holder's session is gone too: nothing rides it.
        await Assert.ThrowsAsync<SecureChannelException>(async () => await holder.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token));
    }

    [Fact]
    public async Task An_injected_clear_command_during_a_login_ends_the_verification()
    {
        await using var h = await IssuedCardAsync();
        using var holder = await HolderVerifiesAsync(h);

        // The link attacker injects a harmless command in clear between VERIFY and the signature.
        Assert.Equal(0x6988, await h.SwAsync(CasdCommands.GetData(CasdTags.CardSerial)));
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }

    [Fact]
    public async Task A_fresh_SCP11b_channel_after_the_holders_verify_gets_no_signature()
    {
        await using var h = await IssuedCardAsync();
        using var holder = await HolderVerifiesAsync(h);
        await using var other = await OtherConnectionAsync(h);

        // SCP11b authenticates the card, not the host: anyone can open one. It is a new session.
        using var attacker = await Scp11b.OpenAsync(other.Pipeline, HostOptions(), cancellationToken: Token);
        Assert.Equal(0x6982, (await attacker.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token)).StatusWord.Value);
        var status = BiometricStatus.Parse((await attacker.TransmitAsync(CasdCommands.GetData(CasdTags.BiometricStatus), Token)).EnsureSuccess().Data.Span);
        Assert.Null(status.VerifiedReference);
    }

    [Fact]
    public async Task An_INITIALIZE_UPDATE_without_keys_ends_the_verification()
    {
        await using var h = await IssuedCardAsync();
        using var holder = await HolderVerifiesAsync(h);
        await using var other = await OtherConnectionAsync(h);

        Assert.Equal(0x9000, Sw(await other.SendRawAsync(Convert.FromHexString("8050300008" + "0102030405060708" + "00"))));
        Assert.Equal(0x6982, Sw(await other.SendRawAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge).ToArray())));
        await Assert.ThrowsAsync<SecureChannelException>(async () => await holder.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token));
    }

    [Fact]
    public async Task SELECT_reset_and_power_loss_each_end_the_verification()
    {
        await using var h = await IssuedCardAsync();
        foreach (var end in new Func<Task>[]
        {
            async () => await h.SelectAsync(),
            () => { h.Card.Reset(); return Task.CompletedTask; },
            async () => { h.Reader.Remove(); await h.ReconnectAsync(); },
        })
        {
            using (await HolderVerifiesAsync(h))
            {
                Assert.Equal(FingerReference.Primary, h.Card.SecurityStatus.VerifiedReference);
                await end();
            }

            Assert.Null(h.Card.SecurityStatus.VerifiedReference);
            await h.SelectAsync();
            Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        }
    }

    [Fact]
    public async Task A_MAC_failure_ends_the_verification()
    {
        await using var h = await IssuedCardAsync();
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        using var holder = await Scp11b.OpenAsync(link, HostOptions(), cancellationToken: Token);
        (await holder.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();

        link.AlterCommand = c => TamperingTransmitter.FlipBit(c, 40);
        await Assert.ThrowsAsync<SecureChannelException>(async () => await holder.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token));
        link.AlterCommand = null;
        Assert.Null(h.Card.SecurityStatus.VerifiedReference);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }

    [Fact]
    public async Task A_recorded_VERIFY_replayed_in_a_new_session_is_refused()
    {
        await using var h = await IssuedCardAsync();
        await h.SelectAsync();
        var link = new TamperingTransmitter(h.Pipeline);
        using (var holder = await Scp11b.OpenAsync(link, HostOptions(), cancellationToken: Token))
        {
            (await holder.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();
        }

        var recordedVerify = link.Sent.Single(c => c.Ins == CasdCommands.VerifyIns);
        await h.SelectAsync();

        // In a session of the attacker's own, and outside any session: the recorded MAC chain is dead.
        using (await Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token))
        {
            Assert.Equal(0x6988, await h.SwAsync(recordedVerify));
        }

        Assert.Equal(0x6988, await h.SwAsync(recordedVerify));
        Assert.Null(h.Card.SecurityStatus.VerifiedReference);
        Assert.Equal(CasdCardInterface.MaxRetries, (await h.BiometricStatusAsync())[FingerReference.Primary].RetriesLeft);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }

    [Fact]
    public async Task A_channel_without_R_MAC_carries_a_verify_but_gets_no_signature()
    {
        // Without R-MAC nobody could tell a forged signature answer from the card's, and the card
        // could not know the host sees its answer unaltered: the card signs only with C-MAC and R-MAC.
        await using var h = await IssuedCardAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(h.Pipeline, keys, new Scp03Options { SecurityLevel = SecurityLevel.CommandMac | SecurityLevel.CommandEncryption }, cancellationToken: Token);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();
        Assert.Equal(0x6982, (await channel.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token)).StatusWord.Value);
    }

    [Fact]
    public async Task One_verify_allows_one_signature()
    {
        await using var h = await IssuedCardAsync();
        using var holder = await HolderVerifiesAsync(h);
        (await holder.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token)).EnsureSuccess();
        Assert.Equal(0x6982, (await holder.TransmitAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge), Token)).StatusWord.Value);
    }

    [Fact]
    public async Task The_desks_test_verification_does_not_survive_issuing_the_card()
    {
        await using var h = await CardHarness.CreateAsync(Options());
        await h.PersonaliseAsync(Finger, issue: false);

        // The connection test inside the desk's SCP03 session, then ACTIVATE in the same session.
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray())));
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Activate()));
        Assert.Null(h.Card.SecurityStatus.VerifiedReference);
        Assert.Equal(0x6982, await h.SwAsync(CasdCommands.GeneralAuthenticate(Audience, Challenge)));
    }

    public void Dispose() => _ca.Dispose();

    private static ushort Sw(byte[] response) => (ushort)((response[^2] << 8) | response[^1]);

    private static async Task<OtherConnection> OtherConnectionAsync(CardHarness h) => new(await h.Reader.ConnectAsync(Token));

    private SimulatedCardOptions Options() => new()
    {
        Serial = Convert.FromHexString(SerialHex),
        Scp11bCredentials = new CardScp11bCredentials(_credentials.PrivateKeyPkcs8.ToArray(), [_credentials.Certificate.ToArray()]),
    };

    private Scp11bOptions HostOptions() => new() { TrustAnchors = [_ca.Certificate], ExpectedCardSerial = SerialHex };

    private async Task<CardHarness> IssuedCardAsync()
    {
        var h = await CardHarness.CreateAsync(Options());
        await h.PersonaliseAsync(Finger, issue: true);
        await h.SelectAsync();
        return h;
    }

    /// <summary>The holder's client: SCP11b, then a VERIFY that matches. The channel stays open.</summary>
    private async Task<ScpChannel> HolderVerifiesAsync(CardHarness h)
    {
        await h.SelectAsync();
        var channel = await Scp11b.OpenAsync(h.Pipeline, HostOptions(), cancellationToken: Token);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, Finger.ToArray()), Token)).EnsureSuccess();
        Assert.Equal(FingerReference.Primary, h.Card.SecurityStatus.VerifiedReference);
        return channel;
    }

    /// <summary>Another application's connection to the same reader, sending whatever bytes it likes.</summary>
    private sealed class OtherConnection(Casd.Card.Transport.ICardConnection connection) : IAsyncDisposable
    {
        public ApduPipeline Pipeline { get; } = new(connection, CardCapabilities.Extended);

        public async Task<byte[]> SendRawAsync(byte[] command)
        {
            var response = new byte[65_538];
            var length = await connection.TransmitAsync(command, response, Token);
            return response[..length];
        }

        public async ValueTask DisposeAsync()
        {
            Pipeline.Dispose();
            await connection.DisposeAsync();
        }
    }
}
