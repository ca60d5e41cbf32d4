using Casd.Card.Interface;
using Casd.Card.Iso7816;

namespace Casd.Card.Simulator.Application;

/// <summary>The checks of what PUT DATA stores.</summary>
internal static class PersonalisationObjects
{
    /// <summary>Whether a holder, project or enrolment record object is well formed.</summary>
    /// <param name="tag">Its tag (P1-P2).</param>
    /// <param name="encoded">The command data.</param>
    /// <returns><see langword="true"/> when it may be stored.</returns>
    public static bool IsWellFormed(uint tag, ReadOnlySpan<byte> encoded)
    {
        try
        {
            switch (tag)
            {
                case CasdTags.Holder: HolderIdentity.Parse(encoded); break;
                case CasdTags.Project: ProjectInfo.Parse(encoded); break;
                case CasdTags.EnrolmentRecord: EnrolmentRecord.Parse(encoded); break;
                default: return false;
            }
        }
        catch (CardDataFormatException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The DER certificate inside 'DF22'.</summary>
    /// <param name="encoded">The command data.</param>
    /// <param name="der">The certificate.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool TryReadCertificate(ReadOnlySpan<byte> encoded, out ReadOnlySpan<byte> der)
    {
        try
        {
            der = CasdResponses.ParseCertificate(encoded);
            return true;
        }
        catch (CardDataFormatException)
        {
            der = default;
            return false;
        }
    }
}
