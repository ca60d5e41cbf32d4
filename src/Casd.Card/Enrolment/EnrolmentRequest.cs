using Casd.Card.Biometrics;
using Casd.Card.Interface;

namespace Casd.Card.Enrolment;

/// <summary>What the desk personalises a card with.</summary>
/// <param name="Holder">The researcher.</param>
/// <param name="Project">The project the card is bound to.</param>
/// <param name="Kind">Standard or health data.</param>
/// <param name="LastFullEnrolmentDate">The researcher's last full enrolment, from the desk's records; <see langword="null"/> when none.</param>
/// <param name="GeneralConditionsVersion">The version of the general conditions the researcher accepted.</param>
/// <param name="FingerRecords">One or two ISO/IEC 19794-2 or ANSI 378 records (first view used): finger 1, then finger 2.</param>
/// <param name="ConnectionTestRecord">A fresh capture of finger 1 for the connection test.</param>
public sealed record EnrolmentRequest(
    HolderIdentity Holder,
    ProjectInfo Project,
    EnrolmentKind Kind,
    DateOnly? LastFullEnrolmentDate,
    string GeneralConditionsVersion,
    IReadOnlyList<ReadOnlyMemory<byte>> FingerRecords,
    ReadOnlyMemory<byte> ConnectionTestRecord)
{
    /// <summary>Gets the security level the card matches the fingers at.</summary>
    public MatchSecurityLevel SecurityLevel { get; init; } = MatchSecurityLevel.FalseMatchRate1In10000;
}
