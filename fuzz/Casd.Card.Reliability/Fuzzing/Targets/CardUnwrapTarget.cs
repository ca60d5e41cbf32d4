using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The card's CardSession.TryUnwrap inside an open full-level session. First input byte: bit 0 S16;
/// bit 1 "append a valid C-MAC made by the host's session" (so the fuzzed data reaches the card's
/// decryption and padding checks); bit 2 Lc as transmitted was extended. The rest is a command APDU.
/// The card refuses by returning false; it never throws.
/// </summary>
internal sealed class CardUnwrapTarget : FuzzTarget
{
    public override string Name => "card-unwrap";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world)
    {
        using var host = new SecureMessagingSession(SessionKeys.Enc, SessionKeys.Mac, SessionKeys.Rmac, SessionKeys.Chain, SecurityLevel.Full, ScpMode.S8);
        var wrapped = host.Wrap(new CommandApdu(0x00, 0x20, 0x00, 0x96, new byte[] { 0x7F, 0x2E, 0x03, 0x81, 0x01, 0x00 }, 0));
        return
        [
            [0x00, .. wrapped.ToArray(ApduLengthFormat.Auto)],
            [0x02, .. new CommandApdu(0x84, 0xCA, 0x00, 0x00, new byte[16], 256).ToArray(ApduLengthFormat.Auto)],
            [0x03, .. new CommandApdu(0x84, 0x20, 0x00, 0x96, new byte[32], 0).ToArray(ApduLengthFormat.Auto)],
            [0x06, .. new CommandApdu(0x84, 0xDA, 0x00, 0x00, new byte[272], 0).ToArray(ApduLengthFormat.Extended)],
        ];
    }

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var s16 = (input[0] & 0x01) != 0;
        var lc = (input[0] & 0x04) != 0 ? LcEncoding.ExtendedForm : LcEncoding.ShortForm;
        using var card = new CardSession(SessionKeys.Enc, SessionKeys.Mac, SessionKeys.Rmac, SessionKeys.Chain, CardSecurityStatus.CommandMac | CardSecurityStatus.CommandDecryption | CardSecurityStatus.ResponseMac | CardSecurityStatus.ResponseEncryption, s16 ? CardScpMode.S16 : CardScpMode.S8);
        var command = CommandApdu.Parse(input.AsSpan(1));
        if ((input[0] & 0x02) != 0 && command.Nc + (int)(s16 ? ScpMode.S16 : ScpMode.S8) <= CommandApdu.MaxExtendedDataLength)
        {
            using var host = new SecureMessagingSession(SessionKeys.Enc, SessionKeys.Mac, SessionKeys.Rmac, SessionKeys.Chain, SecurityLevel.Full, s16 ? ScpMode.S16 : ScpMode.S8);
            var mac = new byte[host.MacLength];
            host.MacCommand(command.Cla, command.Ins, command.P1, command.P2, command.Data.Span, command.Ne, mac);
            command = new CommandApdu(command.Cla, command.Ins, command.P1, command.P2, (byte[])[.. command.Data.Span, .. mac], command.Ne);
        }

        if (card.TryUnwrap(command, lc, out var plain))
        {
            _ = card.Wrap(new ResponseApdu(plain.Data, new StatusWord(0x9000)));
        }
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;
}
