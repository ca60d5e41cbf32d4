using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// SimulatedCard.Transmit on a fresh card: a card answers every command with a status word and never
/// throws. The first input byte picks card options (T=0 habits, a small response chunk, the access
/// rules off so clear commands reach personalisation); the rest is an <see cref="ApduScript"/>.
/// </summary>
internal sealed class CardApduTarget : FuzzTarget
{
    private static readonly byte[] Serial = [0xF0, 0x22, 0, 0, 0, 0, 0, 0x01];

    public override string Name => "card-apdu";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world)
    {
        static byte[] A(CommandApdu c) => c.ToArray(ApduLengthFormat.Auto);
        yield return [0x00, .. ApduScript.Join([(0, A(CasdCommands.Select())), (0, A(CasdCommands.GetData(CasdTags.LoginInformation))), (0, Convert.FromHexString("80CABF2100"))])];
        yield return [0x04, .. ApduScript.Join([(0, A(CasdCommands.Select())), (0, A(CasdCommands.PutData(new HolderIdentity("R-1", "Doe", "Jane").Encode()))), (0, A(CasdCommands.GenerateKeyPair())), (0, A(CasdCommands.ChangeReferenceData(FingerReference.Primary, new byte[30])))])];
        yield return [0x03, .. ApduScript.Join([(0, A(CasdCommands.Select())), (0, A(CasdCommands.VerifyStatus(FingerReference.Primary))), (0, Convert.FromHexString("00C0000000"))])];
        yield return [0x00, .. ApduScript.Join([(0, Convert.FromHexString("8050300008010203040506070800")), (0, Convert.FromHexString("00A4040C0AA000000151435253"))])];
    }

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var card = new SimulatedCard(Options(input[0], Serial));
        foreach (var (_, apdu) in ApduScript.Split(input.AsMemory(1)))
        {
            CheckAnswer(card.Transmit(apdu));
        }
    }

    // Nothing is a refusal here: the card's refusals are status words.
    protected override bool IsRefusal(Exception exception) => false;

    internal static SimulatedCardOptions Options(byte flags, byte[] serial) => new()
    {
        Serial = serial,
        AnswerWithGetResponse = (flags & 0x01) != 0,
        AnswerWrongLengthWith6C = (flags & 0x02) != 0,
        EnforceChannelAccessRules = (flags & 0x04) == 0,
        MaxResponseChunk = (flags & 0x08) != 0 ? 16 : 65_536,
    };

    internal static void CheckAnswer(byte[] answer)
    {
        if (answer.Length < 2)
        {
            throw new InvalidOperationException($"The card answered {answer.Length} byte(s): a response APDU ends with a status word.");
        }
    }
}
