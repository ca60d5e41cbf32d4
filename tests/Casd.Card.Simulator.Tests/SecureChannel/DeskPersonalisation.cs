using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Tests.Support;

namespace Casd.Card.Simulator.Tests.SecureChannel;

/// <summary>The enrolment desk's personalisation sequence, sent through whatever channel it is given.</summary>
internal static class DeskPersonalisation
{
    /// <summary>Writes holder, project, enrolment, key, certificate and the primary finger; returns the certificate.</summary>
    public static async Task<byte[]> RunAsync(IApduTransmitter channel, byte[] minutiae, CancellationToken cancellationToken)
    {
        (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Holder.Encode()), cancellationToken)).EnsureSuccess();
        (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Project.Encode()), cancellationToken)).EnsureSuccess();
        (await channel.TransmitAsync(CasdCommands.PutData(CardHarness.Enrolment.Encode()), cancellationToken)).EnsureSuccess();
        var point = CasdResponses.ParsePublicKey((await channel.TransmitAsync(CasdCommands.GenerateKeyPair(), cancellationToken)).EnsureSuccess().Data.Span);
        var certificate = CardHarness.CertificateFor(point);
        (await channel.TransmitAsync(CasdCommands.PutCertificate(certificate), cancellationToken)).EnsureSuccess();
        (await channel.TransmitAsync(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(minutiae)), cancellationToken)).EnsureSuccess();
        return certificate;
    }
}
