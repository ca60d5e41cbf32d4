using Casd.Card.Cli.CardSources;
using Casd.Card.Simulator.Nvm;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Cli.Tests;

/// <summary>The tool's development keys: derived again identically in every run, and accepted by the tool's own channel factory.</summary>
public class DevelopmentCardKeysTests
{
    private static readonly byte[] Serial = Convert.FromHexString("0102030405060708");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_same_serial_gets_the_same_keys_and_another_serial_other_keys()
    {
        var a = DevelopmentCardKeys.CardOptions(Serial);
        var b = DevelopmentCardKeys.CardOptions(Serial);
        var other = DevelopmentCardKeys.CardOptions(Convert.FromHexString("0102030405060709"));

        Assert.True(a.EnforceChannelAccessRules);
        Assert.Equal(a.Scp03Keys!.Enc.ToArray(), b.Scp03Keys!.Enc.ToArray());
        Assert.Equal(a.Scp11bCredentials!.PrivateKey.ToArray(), b.Scp11bCredentials!.PrivateKey.ToArray());
        Assert.NotEqual(a.Scp03Keys.Enc.ToArray(), other.Scp03Keys!.Enc.ToArray());
        Assert.NotEqual(Convert.FromHexString("404142434445464748494A4B4C4D4E4F"), a.Scp03Keys.Enc.ToArray());
        Assert.NotEqual(a.Scp11bCredentials.PrivateKey.ToArray(), other.Scp11bCredentials!.PrivateKey.ToArray());
    }

    [Fact]
    public async Task A_card_from_a_state_keeps_its_serial_and_opens_both_channels_in_a_later_run_and_years_later()
    {
        var store = new MemoryNvmStore();
        var serial = DevelopmentCardKeys.OpenCard(store).Serial;
        var later = new ShiftedClock(TimeSpan.FromDays(365 * 10));

        foreach (var clock in new TimeProvider[] { TimeProvider.System, later })
        {
            var card = DevelopmentCardKeys.OpenCard(store);
            Assert.Equal(serial, card.Serial);
            var reader = new SimulatedCardReader();
            reader.Insert(card);
            await using var casd = await CasdCard.OpenAsync(await reader.ConnectAsync(Ct), leaveOpen: false, new CasdCardOptions { ChannelFactory = DevelopmentCardKeys.CreateChannelFactory(clock) }, Ct);
            await casd.OpenChannelAsync(CardChannelPurpose.Personalisation, Ct);
            await casd.OpenChannelAsync(CardChannelPurpose.Verification, Ct);
            Assert.Equal(CardChannelPurpose.Verification, casd.ChannelPurpose);
        }
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}
