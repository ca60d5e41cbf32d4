namespace Casd.Card.Enrolment;

/// <summary>The result of <see cref="EnrolmentDesk.ReadExpressBasisAsync"/>: the basis, or why the current card gives none.</summary>
/// <param name="Basis">The basis, when the card gave one.</param>
/// <param name="Reason">Why not, otherwise; one sentence.</param>
public sealed record ExpressEnrolmentBasisResult(ExpressEnrolmentBasis? Basis, string? Reason)
{
    /// <summary>Gets whether the card gave a basis.</summary>
    public bool IsFound => Basis is not null;

    /// <summary>A basis.</summary>
    /// <param name="basis">The basis.</param>
    /// <returns>The result.</returns>
    public static ExpressEnrolmentBasisResult Found(ExpressEnrolmentBasis basis) => new(basis, null);

    /// <summary>No basis.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static ExpressEnrolmentBasisResult Refused(string reason) => new(null, reason);
}
