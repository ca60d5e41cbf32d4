using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The card's reading of the data of VERIFY and CHANGE REFERENCE DATA (docs/card-interface.md):
/// the biometric data template '7F2E' { '81' minutiae }, bare minutiae for VERIFY, and the match
/// security level 'DF50' that may follow the template at enrolment. Malformed data is a
/// <see langword="false"/> (the command answers '6A80'), never an exception.
/// </summary>
internal static class BiometricDataTemplate
{
    /// <summary>Reads a VERIFY probe: '7F2E' { '81' minutiae } or, as PIV allows, bare minutiae.</summary>
    /// <param name="data">The command data.</param>
    /// <param name="minutiae">The minutiae, acceptable to the card (<see cref="CardMinutiae.IsAcceptable"/>).</param>
    /// <returns><see langword="true"/> when the probe is acceptable.</returns>
    public static bool TryReadProbe(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> minutiae) => TryReadMinutiae(data, allowBare: true, out minutiae);

    /// <summary>Reads CHANGE REFERENCE DATA: '7F2E' { '81' minutiae }, then optionally 'DF50' with a level of 03 to 05.</summary>
    /// <param name="data">The command data.</param>
    /// <param name="minutiae">The minutiae, acceptable to the card.</param>
    /// <param name="level">The level; 1:10,000 when 'DF50' is absent.</param>
    /// <returns><see langword="true"/> when the data is acceptable.</returns>
    public static bool TryReadEnrolment(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> minutiae, out MatchSecurityLevel level)
    {
        minutiae = default;
        level = MatchSecurityLevel.FalseMatchRate1In10000;
        var reader = new BerTlvReader(data);
        if (!reader.TryRead(out var template) || template.Tag != CasdTags.BiometricDataTemplate
            || !TryReadMinutiae(template.Encoded, allowBare: false, out minutiae))
        {
            return false;
        }

        if (!reader.HasData)
        {
            return true;
        }

        if (!reader.TryRead(out var l) || l.Tag != CasdTags.MatchSecurityLevel || l.Value.Length != 1 || l.Value[0] is < 3 or > 5 || reader.HasData)
        {
            return false;
        }

        level = (MatchSecurityLevel)l.Value[0];
        return true;
    }

    /// <summary>
    /// Takes the minutiae out of a whole '7F2E' { '81' } (nothing before or after either) or, when
    /// allowed, the data as bare minutiae; a '7F2E' that does not parse is read as bare minutiae.
    /// </summary>
    private static bool TryReadMinutiae(ReadOnlySpan<byte> data, bool allowBare, out ReadOnlySpan<byte> minutiae)
    {
        minutiae = default;
        var wrapped = false;
        if (data.Length >= 2 && data[0] == 0x7F && data[1] == 0x2E
            && BerTlvReader.TryReadElement(data, out var template, out var consumed) && consumed == data.Length)
        {
            var inner = template.CreateReader();
            if (inner.TryRead(out var m))
            {
                if (m.Tag != CasdTags.Minutiae || inner.HasData)
                {
                    return false;
                }

                minutiae = m.Value;
                wrapped = true;
            }
        }

        if (!wrapped)
        {
            if (!allowBare)
            {
                return false;
            }

            minutiae = data;
        }

        return CardMinutiae.IsAcceptable(minutiae, CasdCardInterface.MinMinutiae, CasdCardInterface.MaxMinutiae);
    }
}
