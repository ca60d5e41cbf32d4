using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>
/// Everything the remote-access client reads before a login, in one GET DATA ('BF25',
/// docs/card-interface.md): the lifecycle state, the project, the enrolment record, the biometric
/// status and the card certificate. Objects the card does not hold yet are absent. All of them are
/// public objects, also readable one by one.
/// </summary>
/// <param name="Lifecycle">The lifecycle state ('DF21').</param>
/// <param name="Project">The project ('BF24'), when written.</param>
/// <param name="Enrolment">The enrolment record ('BF22'), when written.</param>
/// <param name="Biometrics">The biometric status ('BF23').</param>
/// <param name="Certificate">The card certificate ('DF22', DER), when installed.</param>
public sealed record LoginInformation(
    CardLifecycleState Lifecycle,
    ProjectInfo? Project,
    EnrolmentRecord? Enrolment,
    BiometricStatus Biometrics,
    ReadOnlyMemory<byte>? Certificate)
{
    private const string Name = "login information (BF25)";

    /// <summary>Parses the object: each member at most once, in any order; lifecycle and biometric status required; nothing unknown.</summary>
    /// <param name="encoded">The 'BF25' object.</param>
    /// <returns>The information.</returns>
    /// <exception cref="CardDataFormatException">The bytes, or one of the objects inside, are malformed.</exception>
    public static LoginInformation Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new BerTlvReader(InterfaceFields.Unwrap(encoded, CasdTags.LoginInformation, Name));
        CardLifecycleState? lifecycle = null;
        ProjectInfo? project = null;
        EnrolmentRecord? enrolment = null;
        BiometricStatus? biometrics = null;
        byte[]? certificate = null;
        var seen = new HashSet<uint>();
        while (reader.HasData)
        {
            var e = reader.Read();
            if (!seen.Add(e.Tag))
            {
                throw InterfaceFields.Duplicate(Name, e.Tag);
            }

            switch (e.Tag)
            {
                case CasdTags.Lifecycle: lifecycle = CasdResponses.DecodeLifecycle(e.Value, Name); break;
                case CasdTags.Project: project = ProjectInfo.Parse(e.Encoded); break;
                case CasdTags.EnrolmentRecord: enrolment = EnrolmentRecord.Parse(e.Encoded); break;
                case CasdTags.BiometricStatus: biometrics = BiometricStatus.Parse(e.Encoded); break;
                case CasdTags.Certificate: certificate = CasdResponses.ParseCertificate(e.Encoded); break;
                default: throw InterfaceFields.Unknown(Name, e.Tag);
            }
        }

        return new LoginInformation(
            lifecycle ?? throw InterfaceFields.Missing(Name, CasdTags.Lifecycle),
            project,
            enrolment,
            biometrics ?? throw InterfaceFields.Missing(Name, CasdTags.BiometricStatus),
            certificate);
    }
}
