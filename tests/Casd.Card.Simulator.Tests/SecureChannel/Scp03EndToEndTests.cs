using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.SecureChannel;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>SCP03 from the host's <see cref="Scp03"/> through the ApduPipeline and the in-process reader to the card's own implementation.</summary>
public class Scp03EndToEndTests
{
    private static readonly SimulatedCardOptions Enforcing = new() { EnforceChannelAccessRules = true };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static CardScp03Keys AsCardKeys(Scp03StaticKeys keys, byte version) => new(version, keys.Enc.ToArray(), keys.Mac.ToArray(), keys.Dek.ToArray());

    [Fact]
    public async Task A_fresh_card_answers_the_GlobalPlatform_test_keys_and_the_desk_personalises_it_under_the_access_rules()
    {
        // Short APDUs only, so protected commands are chained and protected responses fetched with GET RESPONSE.
        await using var h = await CardHarness.CreateAsync(Enforcing, capabilities: CardCapabilities.ShortOnly);
        await h.SelectAsync();
        Assert.Equal((ushort)0x6982, await h.SwAsync(CasdCommands.PutData(CardHarness.Holder.Encode())));

        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token);
        Assert.Equal(0x30, channel.KeyVersion);
        Assert.Equal(SecurityLevel.Full, channel.SecurityLevel);
        Assert.True(h.Card.SecurityStatus.PersonalisationAuthority);

        var minutiae = CardHarness.Minutiae(5);
        var certificate = await DeskPersonalisation.RunAsync(channel, minutiae, Token);
        (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray()), Token)).EnsureSuccess();

        // A certificate longer than a short APDU goes out chained and comes back through GET RESPONSE.
        Assert.True(certificate.Length > 255);
        var read = (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.Certificate), Token)).EnsureSuccess();
        Assert.Equal(certificate, read.Data.ToArray()[^certificate.Length..]);

        // Public objects stay readable in clear once the channel is gone.
        await h.SelectAsync();
        var holder = (await h.SendAsync(CasdCommands.GetData(CasdTags.Holder))).EnsureSuccess();
        Assert.Equal(CardHarness.Holder.Encode(), holder.Data.ToArray());
    }

    [Theory]
    [InlineData(SecurityLevel.CommandMac)]
    [InlineData(SecurityLevel.CommandMac | SecurityLevel.CommandEncryption)]
    [InlineData(SecurityLevel.CommandMac | SecurityLevel.ResponseMac)]
    [InlineData(SecurityLevel.CommandMac | SecurityLevel.CommandEncryption | SecurityLevel.ResponseMac)]
    [InlineData(SecurityLevel.Full)]
    public async Task Every_security_level_carries_commands_and_responses(SecurityLevel level)
    {
        await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { AnswerWithGetResponse = true });
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(h.Pipeline, keys, new Scp03Options { SecurityLevel = level }, cancellationToken: Token);
        Assert.Equal((byte)level, h.Card.SecurityStatus.SecurityLevel);
        for (var i = 0; i < 3; i++)
        {
            var serial = (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();
            Assert.Equal(Convert.FromHexString(h.Card.Serial), serial.Data.ToArray()[^8..]);
        }

        // An error status word comes back bare and leaves the channel open.
        var missing = await channel.TransmitAsync(CasdCommands.GetData(CasdTags.Holder), Token);
        Assert.Equal((ushort)0x6A88, missing.StatusWord.Value);
        Assert.True(channel.IsOpen);
        (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();
    }

    [Fact]
    public async Task Mac_only_channel_does_not_grant_personalisation_nor_verify_under_the_access_rules()
    {
        await using var h = await CardHarness.CreateAsync(Enforcing);
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(h.Pipeline, keys, new Scp03Options { SecurityLevel = SecurityLevel.CommandMac | SecurityLevel.ResponseMac }, cancellationToken: Token);
        Assert.Equal((ushort)0x6982, (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Holder.Encode()), Token)).StatusWord.Value);
        Assert.Equal((ushort)0x6982, (await channel.TransmitAsync(CasdCommands.ResetRetryCounter(FingerReference.Primary), Token)).StatusWord.Value);
        Assert.Equal((ushort)0x6982, (await channel.TransmitAsync(CasdCommands.Verify(FingerReference.Primary, CardHarness.Minutiae(1)), Token)).StatusWord.Value);
    }

    [Fact]
    public async Task Flipping_any_bit_of_a_wrapped_command_is_refused_with_6988_and_closes_the_channel()
    {
        await using var h = await CardHarness.CreateAsync();
        var probe = CasdCommands.PutData(CardHarness.Holder.Encode());
        var wrappedLength = (((probe.Nc / 16) + 1) * 16) + 8;
        for (var bit = 0; bit < 32 + (wrappedLength * 8); bit++)
        {
            // INS values '6X'/'9X' cannot be encoded at all.
            if (bit is >= 8 and < 16 && ((probe.Ins ^ (1 << (bit - 8))) & 0xF0) is 0x60 or 0x90)
            {
                continue;
            }

            await h.SelectAsync();
            using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
            var link = new TamperingTransmitter(h.Pipeline);
            using var channel = await Scp03.OpenAsync(link, keys, cancellationToken: Token);
            var flipped = bit;
            link.AlterCommand = c => TamperingTransmitter.FlipBit(c, flipped);
            var error = await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(probe, Token));

            // The chaining bit (CLA b5) makes the card wait for the rest of a chain: it answers
            // '9000' without R-MAC, which the host refuses; every other flip is caught at once.
            if (bit == 4)
            {
                // The end of that chain does not verify either, and the card closes its side.
                var rest = link.Sent[^1];
                Assert.Equal((ushort)0x6988, await h.SwAsync(new CommandApdu(0x04, rest.Ins, rest.P1, rest.P2, rest.Data, rest.Ne)));
            }
            else
            {
                Assert.True(error.Message.Contains("6988", StringComparison.Ordinal), $"bit {bit}: {error.Message}");
            }

            Assert.Equal(Os.SecureChannelKind.None, h.Card.SecurityStatus.Channel);

            Assert.False(channel.IsOpen);
            link.AlterCommand = null;
            await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
            Assert.Null(h.Card.Store.Read("holder"));
        }
    }

    [Fact]
    public async Task A_replayed_command_is_refused()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var link = new TamperingTransmitter(h.Pipeline);
        using var channel = await Scp03.OpenAsync(link, keys, cancellationToken: Token);
        (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();
        var recorded = link.Sent[^1];
        (await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token)).EnsureSuccess();

        // Within the session: the MAC chain has moved on.
        Assert.Equal((ushort)0x6988, (await h.SendAsync(recorded)).StatusWord.Value);

        // In a later session: new challenges, new keys.
        await h.SelectAsync();
        using var second = await Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token);
        Assert.Equal((ushort)0x6988, (await h.SendAsync(recorded)).StatusWord.Value);
    }

    [Fact]
    public async Task A_tampered_response_closes_the_channel_on_the_host()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var link = new TamperingTransmitter(h.Pipeline);
        using var channel = await Scp03.OpenAsync(link, keys, cancellationToken: Token);
        link.AlterResponse = r =>
        {
            var data = r.Data.ToArray();
            data[0] ^= 0x01;
            return new ResponseApdu(data, r.StatusWord);
        };
        await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
        Assert.False(channel.IsOpen);
    }

    [Fact]
    public async Task Wrong_static_keys_fail_clearly_on_the_host_and_count_on_the_card_until_a_success()
    {
        var store = new Simulator.Nvm.MemoryNvmStore();
        await using (var h = await CardHarness.CreateAsync(store: store))
        {
            await h.SelectAsync();
            var layer = Assert.IsType<CardSecureChannel>(h.Card.SecureMessaging);
            Assert.Equal(0, layer.FailedAuthentications);
            using var wrong = new Scp03StaticKeys(new byte[16], new byte[16], new byte[16]);
            var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, wrong, cancellationToken: Token));
            Assert.Contains("card cryptogram", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, wrong, cancellationToken: Token));
            Assert.Equal(2, layer.FailedAuthentications);
        }

        // The counter lives in NVM: a new card object over the same memory still sees it.
        var again = new SimulatedCard(store);
        Assert.Equal(2, Assert.IsType<CardSecureChannel>(again.SecureMessaging).FailedAuthentications);
        var reader = new Simulator.Transport.SimulatedCardReader();
        reader.Insert(again);
        await using var connection = await reader.ConnectAsync(cancellationToken: Token);
        using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);
        (await pipeline.TransmitAsync(CasdCommands.Select(), Token)).EnsureSuccess();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(pipeline, keys, cancellationToken: Token);
        Assert.Equal(0, Assert.IsType<CardSecureChannel>(again.SecureMessaging).FailedAuthentications);
    }

    [Fact]
    public async Task Unknown_key_version_is_refused_before_any_cryptogram()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, keys, new Scp03Options { KeyVersion = 0x31 }, cancellationToken: Token));
        Assert.Contains("6A88", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_card_keys_diversified_from_a_master_key_open_the_channel_through_the_provider()
    {
        var serial = Convert.FromHexString("0102030405060708");
        using var master = new Scp03StaticKeys(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Enumerable.Range(2, 32).Select(i => (byte)i).ToArray(), Enumerable.Range(3, 32).Select(i => (byte)i).ToArray());
        using var cardKeys = DiversifiedScp03KeyProvider.Diversify(master, serial, 0x01);
        var options = new SimulatedCardOptions { Serial = serial, Scp03Keys = AsCardKeys(cardKeys, 0x01), EnforceChannelAccessRules = true };
        await using var h = await CardHarness.CreateAsync(options);
        await h.SelectAsync();

        // The GlobalPlatform test keys no longer open this card; the master key itself does not either.
        using var testKeys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, testKeys, new Scp03Options { KeyVersion = 0x01 }, cancellationToken: Token));
        await Assert.ThrowsAsync<SecureChannelAuthenticationException>(() => Scp03.OpenAsync(h.Pipeline, master, new Scp03Options { KeyVersion = 0x01 }, cancellationToken: Token));

        using var provider = new DiversifiedScp03KeyProvider(master);
        using var channel = await Scp03.OpenAsync(h.Pipeline, provider, new Scp03Options { KeyVersion = 0x01 }, cancellationToken: Token);
        (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Holder.Encode()), Token)).EnsureSuccess();
    }

    [Fact]
    public async Task An_unprotected_command_inside_a_channel_closes_it()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var channel = await Scp03.OpenAsync(h.Pipeline, keys, cancellationToken: Token);
        Assert.Equal((ushort)0x6988, await h.SwAsync(CasdCommands.GetData(CasdTags.CardSerial)));
        Assert.Equal(Os.SecureChannelKind.None, h.Card.SecurityStatus.Channel);
        await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
    }

    [Fact]
    public async Task An_exchange_cut_short_closes_the_channel_and_it_stays_closed()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var link = new TamperingTransmitter(h.Pipeline);
        using var channel = await Scp03.OpenAsync(link, keys, cancellationToken: Token);
        link.AlterCommand = _ => throw new OperationCanceledException();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
        link.AlterCommand = null;
        Assert.False(channel.IsOpen);
        var error = await Assert.ThrowsAsync<SecureChannelException>(async () => await channel.TransmitAsync(CasdCommands.GetData(CasdTags.CardSerial), Token));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }
}
