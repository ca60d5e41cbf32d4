using Casd.Card.Biometrics;
using Casd.Card.Interface;

namespace Casd.Card;

/// <summary>The public objects of a CASD card, as anyone may read them without a channel.</summary>
/// <param name="Serial">The card serial, hexadecimal.</param>
/// <param name="Lifecycle">The lifecycle state.</param>
/// <param name="InterfaceVersion">The card interface version.</param>
/// <param name="Holder">The holder, or <see langword="null"/> when not written yet.</param>
/// <param name="Project">The project, or <see langword="null"/> when not written yet.</param>
/// <param name="Enrolment">The enrolment record, or <see langword="null"/> when not written yet.</param>
/// <param name="Biometrics">Enrolled fingers and retries.</param>
/// <param name="BiometricTemplates">The BIT group the card announces.</param>
/// <param name="HasKeyPair">Whether the card key pair exists.</param>
/// <param name="Certificate">The card certificate (DER), or <see langword="null"/> when none is installed.</param>
public sealed record CasdCardInfo(
    string Serial,
    CardLifecycleState Lifecycle,
    Version InterfaceVersion,
    HolderIdentity? Holder,
    ProjectInfo? Project,
    EnrolmentRecord? Enrolment,
    BiometricStatus Biometrics,
    BiometricInformationTemplateGroup BiometricTemplates,
    bool HasKeyPair,
    ReadOnlyMemory<byte>? Certificate);
