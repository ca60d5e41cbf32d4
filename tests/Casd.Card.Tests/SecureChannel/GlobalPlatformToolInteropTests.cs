using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Casd.Card.Tests.SecureChannel;

/// <summary>
/// What a GlobalPlatform tool does with raw APDUs and the default test keys, written out step by
/// step (a third implementation besides the channel and the card): it also checks the
/// pseudo-random card challenge, which the channel itself does not need to.
/// </summary>
public class GlobalPlatformToolInteropTests
{
    private static readonly byte[] TestKey = Convert.FromHexString("404142434445464748494A4B4C4D4E4F");

    [Fact]
    public void A_tool_with_the_default_test_keys_opens_a_channel_and_sends_a_mac_protected_command()
    {
        var card = new SimulatedCard();
        Assert.Equal(new byte[] { 0x90, 0x00 }, card.Transmit(CasdCommands.Select().ToArray())[^2..]);
        var hostChallenge = Convert.FromHexString("0102030405060708");
        var answer = card.Transmit(new CommandApdu(0x80, 0x50, 0x00, 0x00, hostChallenge, 256).ToArray());
        Assert.Equal(new byte[] { 0x90, 0x00 }, answer[^2..]);
        Assert.Equal(0x30, answer[10]);
        Assert.Equal(0x03, answer[11]);
        Assert.Equal(0x70, answer[12]);
        var cardChallenge = answer[13..21];
        var sequence = answer[29..32];

        var expectedChallenge = new byte[8];
        Scp03Kdf.Derive(TestKey, Scp03Kdf.CardChallenge, [.. sequence, .. CasdCardInterface.Aid], expectedChallenge);
        Assert.Equal(expectedChallenge, cardChallenge);

        byte[] context = [.. hostChallenge, .. cardChallenge];
        var sessionMac = new byte[16];
        Scp03Kdf.Derive(TestKey, Scp03Kdf.SessionMac, context, sessionMac);
        var cryptogram = new byte[8];
        Scp03Kdf.Derive(sessionMac, Scp03Kdf.CardCryptogram, context, cryptogram);
        Assert.Equal(cryptogram, answer[21..29]);

        Scp03Kdf.Derive(sessionMac, Scp03Kdf.HostCryptogram, context, cryptogram);
        var chain = Cmac(sessionMac, [.. new byte[16], 0x84, 0x82, 0x01, 0x00, 0x10, .. cryptogram]);
        var authenticate = new CommandApdu(0x84, 0x82, 0x01, 0x00, (byte[])[.. cryptogram, .. chain[..8]]);
        Assert.Equal(new byte[] { 0x90, 0x00 }, card.Transmit(authenticate.ToArray()));

        // C-MAC only: GET DATA of the serial, MACed by hand.
        chain = Cmac(sessionMac, [.. chain, 0x04, 0xCA, 0xDF, 0x20, 0x08]);
        var getData = new CommandApdu(0x04, 0xCA, 0xDF, 0x20, chain.AsMemory(0, 8), 256);
        var response = card.Transmit(getData.ToArray());
        Assert.Equal(new byte[] { 0x90, 0x00 }, response[^2..]);
        Assert.Equal(Convert.FromHexString(card.Serial), response[^10..^2]);
    }

    [Fact]
    public void A_tool_that_sends_extended_length_fields_and_macs_them_as_transmitted_is_accepted()
    {
        // yubikit in extended mode frames every command with an extended Lc ('00' HH LL), even a
        // short one, and MACs the header exactly as it sends it (Amendment D, 6.2.4).
        var card = new SimulatedCard();
        card.Transmit(CasdCommands.Select().ToArray());
        var hostChallenge = Convert.FromHexString("1112131415161718");
        var answer = card.Transmit(new CommandApdu(0x80, 0x50, 0x00, 0x00, hostChallenge, 256).ToArray(ApduLengthFormat.Extended));
        Assert.Equal(new byte[] { 0x90, 0x00 }, answer[^2..]);
        byte[] context = [.. hostChallenge, .. answer[13..21]];
        var sessionMac = new byte[16];
        Scp03Kdf.Derive(TestKey, Scp03Kdf.SessionMac, context, sessionMac);
        var cryptogram = new byte[8];
        Scp03Kdf.Derive(sessionMac, Scp03Kdf.HostCryptogram, context, cryptogram);
        var chain = Cmac(sessionMac, [.. new byte[16], 0x84, 0x82, 0x01, 0x00, 0x00, 0x00, 0x10, .. cryptogram]);
        var authenticate = new CommandApdu(0x84, 0x82, 0x01, 0x00, (byte[])[.. cryptogram, .. chain[..8]]).ToArray(ApduLengthFormat.Extended);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x10 }, authenticate[4..7]);
        Assert.Equal(new byte[] { 0x90, 0x00 }, card.Transmit(authenticate));

        chain = Cmac(sessionMac, [.. chain, 0x04, 0xCA, 0xDF, 0x20, 0x00, 0x00, 0x08]);
        var getData = new CommandApdu(0x04, 0xCA, 0xDF, 0x20, chain.AsMemory(0, 8), 256).ToArray(ApduLengthFormat.Extended);
        var response = card.Transmit(getData);
        Assert.Equal(new byte[] { 0x90, 0x00 }, response[^2..]);
        Assert.Equal(Convert.FromHexString(card.Serial), response[^10..^2]);

        // The same command MACed over a one-byte Lc but sent extended is not what was transmitted.
        var wrong = Cmac(sessionMac, [.. chain, 0x04, 0xCA, 0xDF, 0x20, 0x08]);
        Assert.Equal(new byte[] { 0x69, 0x88 }, card.Transmit(new CommandApdu(0x04, 0xCA, 0xDF, 0x20, wrong.AsMemory(0, 8), 256).ToArray(ApduLengthFormat.Extended)));
    }

    private static byte[] Cmac(byte[] key, byte[] message)
    {
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(message, 0, message.Length);
        var output = new byte[16];
        mac.DoFinal(output, 0);
        return output;
    }
}
