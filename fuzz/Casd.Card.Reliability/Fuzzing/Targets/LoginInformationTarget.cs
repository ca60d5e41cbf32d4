using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>LoginInformation.Parse ('BF25': holder, project, enrolment record, biometric status, certificate in one read).</summary>
internal sealed class LoginInformationTarget : FuzzTarget
{
    public override string Name => "login-information";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.LoginInformation] : [];

    protected override void Parse(byte[] input) => _ = LoginInformation.Parse(input).ToString();

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;
}
