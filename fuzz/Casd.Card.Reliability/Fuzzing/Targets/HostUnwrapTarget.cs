using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator.Os;
using Casd.Card.Simulator.SecureChannel;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The host's SecureMessagingSession.Unwrap on a fixed session, after it wrapped one command. First
/// input byte: bit 0 S16 instead of S8; bit 1 "let the card's own session put a valid R-MAC on the
/// response" (without R-ENCRYPTION, so the fuzzed data reaches the host's decryption and padding
/// checks as ciphertext). The rest is a response APDU.
/// </summary>
internal sealed class HostUnwrapTarget : FuzzTarget
{
    private static readonly CommandApdu Command = new(0x80, 0xCA, 0xBF, 0x25, new byte[] { 0x5C, 0x01, 0x01 }, 256);

    public override string Name => "host-unwrap";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) =>
    [
        [0x00, 0x90, 0x00],
        [0x02, 0x90, 0x00],
        [0x02, .. new byte[16], 0x90, 0x00],
        [0x03, .. new byte[32], 0x63, 0xC1],
        [0x00, 0x69, 0x88],
        [0x01, .. new byte[24], 0x90, 0x00],
    ];

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var s16 = (input[0] & 0x01) != 0;
        using var host = new SecureMessagingSession(SessionKeys.Enc, SessionKeys.Mac, SessionKeys.Rmac, SessionKeys.Chain, SecurityLevel.Full, s16 ? ScpMode.S16 : ScpMode.S8);
        using var card = new CardSession(SessionKeys.Enc, SessionKeys.Mac, SessionKeys.Rmac, SessionKeys.Chain, CardSecurityStatus.CommandMac | CardSecurityStatus.ResponseMac, s16 ? CardScpMode.S16 : CardScpMode.S8);
        var wrapped = host.Wrap(Command);
        _ = card.VerifyMac(wrapped, LcEncoding.ShortForm, out _);

        var response = ResponseApdu.Parse(input.AsMemory(1));
        if ((input[0] & 0x02) != 0)
        {
            response = card.Wrap(response);
        }

        _ = host.Unwrap(response);
    }

    protected override bool IsRefusal(Exception exception) => exception is SecureChannelException or CardDataFormatException;
}
