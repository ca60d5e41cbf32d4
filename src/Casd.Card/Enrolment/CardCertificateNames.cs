using System.Security.Cryptography.X509Certificates;

namespace Casd.Card.Enrolment;

/// <summary>
/// How a card certificate names its card and project: the subject is
/// <c>CN=CASD card &lt;serial&gt;, SERIALNUMBER=&lt;serial&gt;, OU=&lt;project&gt;</c>. The server reads the
/// project from here, so a card cannot claim another project than the one the desk certified.
/// </summary>
public static class CardCertificateNames
{
    /// <summary>Builds the subject name of a card certificate.</summary>
    /// <param name="cardSerial">The card serial in hexadecimal.</param>
    /// <param name="projectId">The project.</param>
    /// <returns>The distinguished name.</returns>
    public static X500DistinguishedName CreateSubject(string cardSerial, string projectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardSerial);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationalUnitName(projectId);
        builder.Add("2.5.4.5", cardSerial);
        builder.AddCommonName("CASD card " + cardSerial);
        return builder.Build();
    }

    /// <summary>Reads the card serial from a card certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The serial, or <see langword="null"/> when absent or ambiguous (repeated, or in a multi-valued RDN).</returns>
    public static string? GetCardSerial(X509Certificate2 certificate) => GetAttribute(certificate, "2.5.4.5");

    /// <summary>Reads the project from a card certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The project, or <see langword="null"/> when absent or ambiguous (repeated, or in a multi-valued RDN).</returns>
    public static string? GetProjectId(X509Certificate2 certificate) => GetAttribute(certificate, "2.5.4.11");

    private static string? GetAttribute(X509Certificate2 certificate, string oid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? found = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            // A card subject has one attribute per RDN, each type once (CreateSubject). A multi-valued
            // RDN or a repeated type makes the name ambiguous: read nothing rather than guess.
            if (rdn.HasMultipleElements)
            {
                return null;
            }

            if (rdn.GetSingleElementType().Value == oid)
            {
                if (found is not null)
                {
                    return null;
                }

                found = rdn.GetSingleElementValue();
            }
        }

        return found;
    }
}
