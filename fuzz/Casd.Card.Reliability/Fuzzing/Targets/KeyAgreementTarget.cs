using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The SCP11b key-agreement answer ('5F49' card ephemeral key, '86' receipt), through
/// Scp11b.OpenAsync: a scripted card answers GET DATA with the world's genuine certificate store and
/// INTERNAL AUTHENTICATE with the input.
/// </summary>
internal sealed class KeyAgreementTarget(FuzzWorld world) : FuzzTarget
{
    private readonly Scp11bOptions _options = new() { TrustAnchors = [world.Scp11bAnchorCertificate()], TimeProvider = FuzzWorld.Clock() };

    public override string Name => "key-agreement";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.KeyAgreementResponse] : [];

    protected override void Parse(byte[] input)
    {
        var card = new ScriptedCard(world.CertificateStore, input);
        using var channel = Scp11b.OpenAsync(card, _options).GetAwaiter().GetResult();
    }

    protected override bool IsRefusal(Exception exception) => exception is SecureChannelException;

    private sealed class ScriptedCard(byte[] store, byte[] answer) : IApduTransmitter
    {
        public ValueTask<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ResponseApdu(command.Ins == 0xCA ? store : answer, new StatusWord(0x9000)));
    }
}
