using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>The card side on its own: its cryptography against the published values, and its counters under tearing.</summary>
public class CardChannelTests
{
    private static readonly byte[] TestKey = Convert.FromHexString("404142434445464748494A4B4C4D4E4F");

    [Theory]
    [InlineData(0x04, "258A78866F41482BEF482DC8CA976CCD")]
    [InlineData(0x06, "053DB6ABC7FDF3B63A0D965EE16B0255")]
    [InlineData(0x07, "EDA0B4F2EC0345BFC50F3BC59CFEF936")]
    public void Card_session_keys_match_the_published_values(byte constant, string expected) =>
        Assert.Equal(expected, Convert.ToHexString(CardCrypto.Kdf(TestKey, constant, 16, Convert.FromHexString("A7F76C713F0A713D31900058C1C451A2"))));

    [Fact]
    public void Card_host_cryptogram_matches_the_published_value() =>
        Assert.Equal("45330AB30BB1A079", Convert.ToHexString(CardCrypto.Kdf(Convert.FromHexString("FC90AA67CDC5DABFD5051663045DFA23"), 0x01, 8, Convert.FromHexString("360CB43F4301B894CAAFA4DAC615236A"))));

    [Fact]
    public void The_attempt_is_durable_before_the_card_answers_initialize_update()
    {
        var initializeUpdate = new CommandApdu(0x80, 0x50, 0x30, 0x00, new byte[8], 256).ToArray();
        var tornButCounted = 0;
        for (var writes = 1; ; writes++)
        {
            var card = new SimulatedCard();
            card.Transmit(CasdCommands.Select().ToArray());
            var layer = Assert.IsType<CardSecureChannel>(card.SecureMessaging);
            card.TearAfterNvmWrites(writes);
            try
            {
                var answer = card.Transmit(initializeUpdate);
                Assert.Equal(new byte[] { 0x90, 0x00 }, answer[^2..]);

                // Answered: the attempt was already counted.
                Assert.Equal(1, layer.FailedAuthentications);
                break;
            }
            catch (CardPowerLostException)
            {
                // Torn: no cryptogram left the card; the attempt is counted once the commit is durable.
                card.PowerOn();
                Assert.InRange(layer.FailedAuthentications, 0, 1);
                tornButCounted += layer.FailedAuthentications;
            }
        }

        Assert.True(tornButCounted > 0);
    }

    [Fact]
    public void The_card_challenge_never_repeats_and_the_sequence_counter_survives_power_cycles()
    {
        var card = new SimulatedCard();
        var challenges = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            card.Reset();
            card.Transmit(CasdCommands.Select().ToArray());
            var response = card.Transmit(new CommandApdu(0x80, 0x50, 0x00, 0x00, new byte[8], 256).ToArray());
            Assert.Equal(32 + 2, response.Length);
            Assert.Equal(new byte[] { 0x30, 0x03, CardSecureChannel.Scp03Parameter }, response[10..13]);
            Assert.Equal(i + 1, (response[29] << 16) | (response[30] << 8) | response[31]);
            Assert.True(challenges.Add(Convert.ToHexString(response[13..21])));
        }
    }

    [Fact]
    public void External_authenticate_without_initialize_update_and_bad_levels_are_refused()
    {
        var card = new SimulatedCard();
        card.Transmit(CasdCommands.Select().ToArray());
        var authenticate = new CommandApdu(0x84, 0x82, 0x33, 0x00, new byte[16]).ToArray();
        Assert.Equal(new byte[] { 0x69, 0x85 }, card.Transmit(authenticate));
        card.Transmit(new CommandApdu(0x80, 0x50, 0x00, 0x00, new byte[8], 256).ToArray());
        Assert.Equal(new byte[] { 0x6A, 0x86 }, card.Transmit(new CommandApdu(0x84, 0x82, 0x21, 0x00, new byte[16]).ToArray()));
        card.Transmit(new CommandApdu(0x80, 0x50, 0x00, 0x00, new byte[8], 256).ToArray());
        Assert.Equal(new byte[] { 0x69, 0x82 }, card.Transmit(authenticate));
        Assert.Equal(Os.SecureChannelKind.None, card.SecurityStatus.Channel);
        Assert.Equal(new byte[] { 0x6A, 0x88 }, card.Transmit(new CommandApdu(0x80, 0x50, 0x31, 0x00, new byte[8], 256).ToArray()));
    }

    [Fact]
    public void Unusable_SCP11b_credentials_are_refused_when_the_card_is_built() =>
        Assert.Throws<ArgumentException>(() => new SimulatedCard(new SimulatedCardOptions
        {
            Scp11bCredentials = new CardScp11bCredentials(new byte[] { 1, 2, 3 }, [new byte[] { 0x30, 0x00 }]),
        }));
}
