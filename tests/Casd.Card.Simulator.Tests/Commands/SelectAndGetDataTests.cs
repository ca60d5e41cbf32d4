using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.Commands;

public sealed class SelectAndGetDataTests
{
    [Fact]
    public async Task Select_answers_the_fci_with_the_bit_group()
    {
        await using var h = await CardHarness.CreateAsync();
        var fci = await h.SelectAsync();
        Assert.Equal(CasdCardInterface.Aid.ToArray(), fci.Aid.ToArray());
        Assert.Equal(new Version(2, 0), fci.InterfaceVersion);
        Assert.Equal(CardLifecycleState.Personalisation, fci.Lifecycle);
        Assert.Equal(h.Card.Serial, fci.Serial);
        Assert.Equal("CASD", fci.Label);
        var reader = new BerTlvReader(fci.BitGroup.Span);
        var group = reader.Read();
        Assert.Equal(CasdTags.BitGroup, group.Tag);
        var inner = group.CreateReader();
        Assert.Equal([2], inner.ReadValue(0x02).ToArray());
        foreach (var reference in new byte[] { 0x96, 0x97 })
        {
            var bit = inner.Read();
            Assert.Equal(CasdTags.Bit, bit.Tag);
            var b = bit.CreateReader();
            Assert.Equal([reference], b.ReadValue(0x83).ToArray());
            var bht = b.Read();
            Assert.Equal(0xA1u, bht.Tag);
            Assert.True(BerTlvReader.TryFind(bht.Value, 0x81, out var type));
            Assert.Equal([0x08], type.ToArray());
            var parameters = b.Read();
            Assert.Equal(0xB1u, parameters.Tag);
            Assert.True(BerTlvReader.TryFind(parameters.Value, 0x81, out var minMax));
            Assert.Equal(new byte[] { 12, 60 }, minMax.ToArray());
        }
    }

    [Fact]
    public async Task Select_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        Assert.Equal(0x6A82, await h.SwAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, new byte[] { 0xA0, 0, 0, 0, 3 }, 256)));
        Assert.Equal(0x6A86, await h.SwAsync(new CommandApdu(0x00, 0xA4, 0x00, 0x00, CasdCardInterface.Aid.ToArray(), 256)));
        var noFci = await h.SendAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, CasdCardInterface.Aid.ToArray()));
        Assert.Equal(0x9000, noFci.StatusWord.Value);
        Assert.True(noFci.Data.IsEmpty);
    }

    [Fact]
    public async Task Commands_before_select_are_refused()
    {
        await using var h = await CardHarness.CreateAsync();
        Assert.Equal(0x6985, await h.SwAsync(CasdCommands.GetData(CasdTags.CardSerial)));
    }

    [Fact]
    public async Task Get_data_returns_serial_lifecycle_and_status()
    {
        var serial = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        await using var h = await CardHarness.CreateAsync(new SimulatedCardOptions { Serial = serial });
        await h.SelectAsync();
        Assert.Equal("0102030405060708", CasdResponses.ParseCardSerial((await h.SendAsync(CasdCommands.GetData(CasdTags.CardSerial))).EnsureSuccess().Data.Span));
        Assert.Equal(CardLifecycleState.Personalisation, CasdResponses.ParseLifecycle((await h.SendAsync(CasdCommands.GetData(CasdTags.Lifecycle))).EnsureSuccess().Data.Span));
        var status = await h.BiometricStatusAsync();
        Assert.Equal(2, status.Fingers.Count);
        Assert.All(status.Fingers, f => Assert.False(f.IsEnrolled));
        Assert.Null(status.VerifiedReference);
    }

    [Fact]
    public async Task Get_data_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(0xDF7F)));
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(CasdTags.Holder)));
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(CasdTags.Certificate)));
        Assert.Equal(0x6A88, await h.SwAsync(CasdCommands.GetData(CasdTags.PublicKey)));
        Assert.Equal(0x6700, await h.SwAsync(new CommandApdu(0x00, 0xCA, 0xDF, 0x20, new byte[] { 1 }, 256)));
    }

    [Fact]
    public async Task Class_channel_and_instruction_errors()
    {
        await using var h = await CardHarness.CreateAsync();
        await h.SelectAsync();
        Assert.Equal(0x6E00, await h.SwAsync(new CommandApdu(0x80, 0xCA, 0xDF, 0x20, expectedLength: 256)));
        Assert.Equal(0x6881, await h.SwAsync(new CommandApdu(0x01, 0xCA, 0xDF, 0x20, expectedLength: 256)));

        // Secure messaging without an open channel: refused by the card's channel layer, or
        // not supported at all when the card has none.
        Assert.Equal(0x6988, await h.SwAsync(new CommandApdu(0x0C, 0xCA, 0xDF, 0x20, expectedLength: 256)));
        h.Card.SecureMessaging = null;
        Assert.Equal(0x6882, await h.SwAsync(new CommandApdu(0x0C, 0xCA, 0xDF, 0x20, expectedLength: 256)));
        Assert.Equal(0x6D00, await h.SwAsync(new CommandApdu(0x00, 0x10, 0x00, 0x00)));
        Assert.Equal(0x6985, await h.SwAsync(new CommandApdu(0x00, 0xC0, 0x00, 0x00, expectedLength: 256)));
    }

    [Fact]
    public async Task Malformed_command_bytes_get_a_status_word()
    {
        var card = new SimulatedCard();
        Assert.Equal(new byte[] { 0x67, 0x00 }, card.Transmit(new byte[] { 0x00, 0xCA, 0xDF, 0x20, 0x05, 0x01 }));
        Assert.Equal(new byte[] { 0x67, 0x00 }, card.Transmit(new byte[] { 0x00, 0xCA }));
        Assert.Equal(new byte[] { 0x6E, 0x00 }, card.Transmit(new byte[] { 0xFF, 0xCA, 0x00, 0x00 }));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Select_and_reset_clear_the_security_status()
    {
        await using var h = await CardHarness.CreateAsync();
        var minutiae = CardHarness.Minutiae(1);
        await h.PersonaliseAsync(minutiae);
        Assert.Equal(0x9000, await h.SwAsync(CasdCommands.Verify(FingerReference.Primary, minutiae.ToArray())));
        Assert.Equal(FingerReference.Primary, (await h.BiometricStatusAsync()).VerifiedReference);
        await h.SelectAsync();
        Assert.Null((await h.BiometricStatusAsync()).VerifiedReference);
        Assert.False(h.Card.SecurityStatus.PersonalisationAuthority);
        await h.OpenDeskAsync();
        await h.Connection.ResetAsync(Casd.Card.Transport.CardResetKind.Warm, TestContext.Current.CancellationToken);
        Assert.False(h.Card.SecurityStatus.PersonalisationAuthority);
        Assert.Equal(SecureChannelKind.None, h.Card.SecurityStatus.Channel);
    }

    [Fact]
    public async Task Cards_in_one_process_share_no_state()
    {
        await using var a = await CardHarness.CreateAsync();
        await using var b = await CardHarness.CreateAsync();
        await a.PersonaliseAsync(CardHarness.Minutiae(1));
        await b.SelectAsync();
        Assert.Equal(0x6A88, await b.SwAsync(CasdCommands.GetData(CasdTags.Holder)));
        Assert.NotEqual(a.Card.Serial, b.Card.Serial);
        Assert.True((await a.BiometricStatusAsync())[FingerReference.Primary].IsEnrolled);
        Assert.False((await b.BiometricStatusAsync())[FingerReference.Primary].IsEnrolled);
    }
}
