using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Moq;

namespace Casd.Card.Tests.Application;

/// <summary><see cref="SecureChannelFactory"/> refusals that must happen before any byte reaches the card.</summary>
public class SecureChannelFactoryUnitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Personalisation_without_a_key_provider_is_refused_before_anything_is_sent()
    {
        var transmitter = new Mock<IApduTransmitter>(MockBehavior.Strict);
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await factory.OpenAsync(transmitter.Object, new CardChannelRequest(CardChannelPurpose.Personalisation, "0102030405060708"), Ct));

        Assert.Contains("Scp03KeyProvider", error.Message, StringComparison.Ordinal);
        transmitter.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Verification_without_a_trust_anchor_is_refused_before_anything_is_sent()
    {
        var transmitter = new Mock<IApduTransmitter>(MockBehavior.Strict);
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions());

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await factory.OpenAsync(transmitter.Object, new CardChannelRequest(CardChannelPurpose.Verification, "0102030405060708"), Ct));

        transmitter.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("01020304")]
    [InlineData("not-hex-at-all!!")]
    public async Task A_serial_that_cannot_diversify_keys_is_refused_before_anything_is_sent(string serial)
    {
        var transmitter = new Mock<IApduTransmitter>(MockBehavior.Strict);
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var provider = new StaticScp03KeyProvider(keys);
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = provider });

        await Assert.ThrowsAsync<SecureChannelAuthenticationException>(async () => await factory.OpenAsync(transmitter.Object, new CardChannelRequest(CardChannelPurpose.Personalisation, serial), Ct));

        transmitter.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_card_refusing_INITIALIZE_UPDATE_gives_an_authentication_failure_and_no_EXTERNAL_AUTHENTICATE()
    {
        var transmitter = new Mock<IApduTransmitter>(MockBehavior.Strict);
        transmitter.Setup(t => t.TransmitAsync(It.Is<CommandApdu>(c => c.Ins == Scp03.InitializeUpdateIns), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ResponseApdu(ReadOnlyMemory<byte>.Empty, new StatusWord(0x6983)));
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        using var provider = new StaticScp03KeyProvider(keys);
        var factory = new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03KeyProvider = provider });

        var error = await Assert.ThrowsAsync<SecureChannelAuthenticationException>(async () => await factory.OpenAsync(transmitter.Object, new CardChannelRequest(CardChannelPurpose.Personalisation, "0102030405060708"), Ct));

        Assert.Contains("blocked", error.Message, StringComparison.Ordinal);
        transmitter.Verify(t => t.TransmitAsync(It.IsAny<CommandApdu>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void A_level_without_command_encryption_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new SecureChannelFactory(new SecureChannelFactoryOptions { Scp03 = new Scp03Options { SecurityLevel = SecurityLevel.CommandMac } }));
    }
}
