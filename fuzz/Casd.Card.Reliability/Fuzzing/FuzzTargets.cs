using Casd.Card.Reliability.Fuzzing.Targets;

namespace Casd.Card.Reliability.Fuzzing;

/// <summary>Every fuzz target, by name, in the order fuzz/run.sh lists them.</summary>
internal static class FuzzTargets
{
    /// <summary>Creates the targets over the fixed world (keys, certificates, clock) they share.</summary>
    public static IReadOnlyList<FuzzTarget> Create(FuzzWorld world) =>
    [
        new CommandApduTarget(),
        new ResponseApduTarget(),
        new BerTlvTarget(),
        new FciTarget(),
        new BitTarget(),
        new CertificateStoreTarget(world),
        new InitializeUpdateTarget(),
        new KeyAgreementTarget(world),
        new HostUnwrapTarget(),
        new CardUnwrapTarget(),
        new MinutiaeRecordTarget(),
        new CompactTemplateTarget(),
        new CardApduTarget(),
        new CardScp03Target(),
        new NvmFileTarget(),
        new NvmCellsTarget(),
        new VpcdFramingTarget(),
        new LoginAssertionTarget(world),
        new LoginStatementTarget(),
        new LoginInformationTarget(),
    ];
}
