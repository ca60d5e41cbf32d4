using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.RemoteAccess;
using Casd.Card.Simulator.Transport;

namespace Casd.Card.Reliability.Fuzzing;

/// <summary>
/// Makes the fuzz world once: development CAs, a card enrolled at the desk and logged in, all
/// in-process on a frozen clock, recording what crossed the wire. The world's public parts are
/// committed (fuzz/world); the recorded bytes become the seeds.
/// </summary>
internal static class FuzzWorldMaker
{
    private const string SerialHex = "F0FF000000000001";

    public static async Task<FuzzWorld> MakeAsync(CancellationToken cancellationToken)
    {
        using var centre = new ReliabilityCentre(FuzzWorld.Audience, FuzzWorld.Project, FuzzWorld.Clock());
        var card = centre.NewCard(Convert.FromHexString(SerialHex));
        var reader = new SimulatedCardReader();
        reader.Insert(card);
        var options = centre.CardOptions();

        List<byte[]> commands = [], responses = [];
        await using (var casd = await CasdCard.OpenAsync(new RecordingConnection(await reader.ConnectAsync(cancellationToken), commands, responses), leaveOpen: false, options, cancellationToken))
        {
            var request = new EnrolmentRequest(new HolderIdentity("R-FUZZ", "Fuzz", "Holder"), new ProjectInfo(FuzzWorld.Project, "Fuzzing"), EnrolmentKind.Standard, null, "2.1", [SyntheticRecords.Record(1)], SyntheticRecords.Record(1, impression: 2));
            var enrolled = await centre.Desk.EnrolAsync(casd, request, null, cancellationToken);
            if (!enrolled.IsIssued)
            {
                throw new InvalidOperationException("The world's card was not issued: " + enrolled.Message);
            }
        }

        var loginStart = commands.Count;
        var challenge = Enumerable.Range(0xA0, 32).Select(i => (byte)i).ToArray();
        RemoteAccessResult login;
        await using (var casd = await CasdCard.OpenAsync(new RecordingConnection(await reader.ConnectAsync(cancellationToken), commands, responses), leaveOpen: false, options, cancellationToken))
        {
            login = await centre.Client.LoginAsync(casd, SyntheticRecords.Record(1, impression: 3), FuzzWorld.Audience, challenge, cancellationToken);
            if (!login.IsAuthenticated)
            {
                throw new InvalidOperationException("The world's card did not log in: " + login.Reason);
            }
        }

        var fci = DataOf(card.Transmit(CasdCommands.Select().ToArray(ApduLengthFormat.Auto)));
        var keyAgreement = Enumerable.Range(loginStart, commands.Count - loginStart).First(i => commands[i][0] == 0x80 && commands[i][1] == 0x88);
        return new FuzzWorld
        {
            Scp11bAnchor = centre.Scp11bCa.Certificate.RawData,
            CertificateStore = DataOf(card.Transmit(new CommandApdu(0x80, 0xCA, 0xBF, 0x21, default, CommandApdu.MaxExtendedExpectedLength).ToArray(ApduLengthFormat.Extended))),
            LoginAnchor = centre.LoginCa.RootCertificate.RawData,
            LoginCrl = await centre.LoginCa.PublishCrlAsync(cancellationToken),
            Challenge = challenge,
            Samples = new FuzzSamples
            {
                Fci = fci,
                BiometricTemplates = BitGroupOf(fci),
                LoginInformation = DataOf(card.Transmit(CasdCommands.GetData(CasdTags.LoginInformation, CommandApdu.MaxExtendedExpectedLength).ToArray(ApduLengthFormat.Extended))),
                InitializeUpdateResponse = DataOf(card.Transmit(Convert.FromHexString("8050300008010203040506070800"))),
                KeyAgreementResponse = responses[keyAgreement][..^2],
                LoginStatement = login.Assertion!.Statement.ToArray(),
                AssertionJson = login.Assertion.ToJson(),
                Commands = commands,
                Responses = responses,
                Records = [.. SyntheticRecords.AllFormats(1, 40)],
            },
        };
    }

    // The BIT group travels in the FCI ('6F'): the seed is the whole '7F61' object as Parse takes it.
    private static byte[] BitGroupOf(byte[] fci)
    {
        var reader = new BerTlvReader(BerTlvReader.TryFind(fci, CasdTags.Fci, out var inner) ? inner : fci);
        while (reader.HasData)
        {
            var element = reader.Read();
            if (element.Tag == CasdTags.BitGroup)
            {
                return element.Encoded.ToArray();
            }
        }

        throw new InvalidOperationException("The world's FCI holds no '7F61' group.");
    }

    private static byte[] DataOf(byte[] response)
    {
        if (response.Length < 2 || response[^2] != 0x90)
        {
            throw new InvalidOperationException($"The world's card answered {Convert.ToHexString(response[^2..])} to a read.");
        }

        return response[..^2];
    }
}
