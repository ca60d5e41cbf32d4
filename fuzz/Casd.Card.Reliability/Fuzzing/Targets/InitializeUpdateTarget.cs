using Casd.Card.SecureChannel;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// InitializeUpdateResponse.Parse, the card's first SCP03 answer. The first input byte picks the
/// security level and S8/S16 mode the host asked for; the rest is the answer's data.
/// </summary>
internal sealed class InitializeUpdateTarget : FuzzTarget
{
    private static readonly SecurityLevel[] Levels = [SecurityLevel.Full, SecurityLevel.CommandMac, SecurityLevel.CommandMac | SecurityLevel.ResponseMac, SecurityLevel.CommandMac | SecurityLevel.CommandEncryption];

    public override string Name => "initialize-update";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [[0x00, .. s.InitializeUpdateResponse]] : [];

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var level = Levels[input[0] & 0x03];
        var mode = (input[0] & 0x04) == 0 ? ScpMode.S8 : ScpMode.S16;
        _ = InitializeUpdateResponse.Parse(input.AsSpan(1), level, mode);
    }

    protected override bool IsRefusal(Exception exception) => exception is SecureChannelException;
}
