using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The FCI template '6F' SELECT answers (docs/card-interface.md): AID, label, interface version,
/// lifecycle, serial and the BIT group, so a host learns in one exchange what it needs before a
/// login. Rebuilt only when the records changed.
/// </summary>
internal sealed class ApplicationFci(AppletRecords records, BiometricObjects biometrics)
{
    private ((long, int) Stamp, byte[] Encoded)? _fci;

    /// <summary>The encoded FCI.</summary>
    /// <returns>The '6F' template.</returns>
    public byte[] Encode()
    {
        if (_fci is { } cached && cached.Stamp == records.Stamp)
        {
            return cached.Encoded;
        }

        using var writer = new BerTlvWriter(256);
        using (writer.PushConstructed(CasdTags.Fci))
        {
            writer.Write(CasdTags.DfName, CasdCardInterface.Aid);
            writer.Write(CasdTags.ApplicationLabel, "CASD"u8);
            writer.Write(CasdTags.InterfaceVersion, [CasdCardInterface.EncodedVersion >> 8, CasdCardInterface.EncodedVersion & 0xFF]);
            writer.Write(CasdTags.Lifecycle, (byte)records.Lifecycle);

            // The serial saves the host a GET DATA at every SELECT (interface 2.0).
            writer.Write(CasdTags.CardSerial, records.Read(NvmLayout.Serial) ?? []);
            writer.WriteEncoded(biometrics.EncodeBitGroup());
        }

        var encoded = writer.ToArray();
        _fci = (records.Stamp, encoded);
        return encoded;
    }
}
