using Casd.Card.SecureChannel;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// The host's parser and validator of the SCP11b certificate store ('BF21'), as GET DATA returns it:
/// parsing, chain to the world's anchor at the world's time, leaf checks.
/// </summary>
internal sealed class CertificateStoreTarget(FuzzWorld world) : FuzzTarget
{
    private readonly Scp11bOptions _options = new() { TrustAnchors = [world.Scp11bAnchorCertificate()], TimeProvider = FuzzWorld.Clock() };

    public override string Name => "certificate-store";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => [world.CertificateStore];

    protected override void Parse(byte[] input) => CardCertificateValidator.Validate(input, _options);

    protected override bool IsRefusal(Exception exception) => exception is CardCertificateValidationException;
}
