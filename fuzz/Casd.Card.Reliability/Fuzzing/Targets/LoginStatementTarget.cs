using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>LoginStatement.Parse ('BF40', what the card signs), and the encoding of what it accepted.</summary>
internal sealed class LoginStatementTarget : FuzzTarget
{
    public override string Name => "login-statement";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world) => world.Samples is { } s ? [s.LoginStatement] : [];

    protected override void Parse(byte[] input)
    {
        var statement = LoginStatement.Parse(input);
        _ = statement.Encode();
        _ = statement.ToString();
    }

    protected override bool IsRefusal(Exception exception) => exception is CardDataFormatException;
}
