using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.SecureChannel;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Transport;
using Casd.Card.Transport;

namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>
/// A fresh card with an SCP03 channel opened by the host library: each APDU of the input
/// (<see cref="ApduScript"/>) goes, by its kind's bit 0, either as a plain command through the host's
/// channel (which wraps it, so the fuzzed command reaches the applet behind the card's unwrap) or as
/// raw bytes straight to the card inside the channel. The card never throws; the host may refuse
/// with its typed exceptions only.
/// </summary>
internal sealed class CardScp03Target : FuzzTarget
{
    private static readonly byte[] Serial = [0xF0, 0x33, 0, 0, 0, 0, 0, 0x01];

    public override string Name => "card-scp03";

    public override IEnumerable<byte[]> Seeds(FuzzWorld world)
    {
        static byte[] A(CommandApdu c) => c.ToArray(ApduLengthFormat.Auto);
        yield return ApduScript.Join([(0, A(CasdCommands.PutData(new HolderIdentity("R-1", "Doe", "Jane").Encode()))), (0, A(CasdCommands.GetData(CasdTags.Holder)))]);
        yield return ApduScript.Join([(0, A(CasdCommands.ChangeReferenceData(FingerReference.Primary, new byte[60]))), (0, A(CasdCommands.Verify(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(new byte[60])))), (0, A(CasdCommands.GenerateKeyPair()))]);
        yield return ApduScript.Join([(0, A(CasdCommands.GetData(CasdTags.LoginInformation))), (1, Convert.FromHexString("84CA00000800000000000000000000"))]);
    }

    protected override void Parse(byte[] input)
    {
        var card = new SimulatedCard(new SimulatedCardOptions { Serial = Serial });
        var reader = new SimulatedCardReader();
        reader.Insert(card);
        using var keys = Scp03StaticKeys.CreateGlobalPlatformTestKeys();
        var connection = reader.ConnectAsync().AsTask().GetAwaiter().GetResult();
        using var pipeline = new ApduPipeline(connection, CardCapabilities.Extended);
        pipeline.TransmitAsync(CasdCommands.Select()).AsTask().GetAwaiter().GetResult().EnsureSuccess();
        using var channel = Scp03.OpenAsync(pipeline, keys).GetAwaiter().GetResult();
        foreach (var (kind, apdu) in ApduScript.Split(input))
        {
            if ((kind & 0x01) != 0)
            {
                CardApduTarget.CheckAnswer(card.Transmit(apdu));
                continue;
            }

            if (!TryPlain(apdu, out var command))
            {
                continue;
            }

            try
            {
                _ = channel.TransmitAsync(command).AsTask().GetAwaiter().GetResult();
            }
            catch (CardException)
            {
                // the host refused the card's answer in its typed way (a closed channel, a bad MAC, a length it cannot carry)
            }
        }
    }

    protected override bool IsRefusal(Exception exception) => false;

    // The host channel wraps plain unchained commands of channels 0-3 only (an ArgumentException is the caller's mistake, not the card's).
    private static bool TryPlain(byte[] apdu, out CommandApdu command)
    {
        command = default!;
        try
        {
            command = CommandApdu.Parse(apdu);
        }
        catch (CardDataFormatException)
        {
            return false;
        }

        return ClassByte.GetSecureMessaging(command.Cla) == SecureMessagingIndication.None && !ClassByte.IsChaining(command.Cla) && (command.Cla & 0x40) == 0 && command.Nc < CommandApdu.MaxExtendedDataLength - 32;
    }
}
