using System.Security.Cryptography;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Simulator.Application;

/// <summary>The application's biometric objects: the BIT group '7F61' of the FCI and the biometric status 'BF23'.</summary>
internal sealed class BiometricObjects
{
    private readonly AppletRecords _records;
    private ((long, int) Stamp, byte[] Encoded)? _status;

    public BiometricObjects(AppletRecords records)
    {
        _records = records;
    }

    /// <summary>The BIT group '7F61': one BIT a finger reference, with the level it matches at.</summary>
    /// <returns>The encoded group.</returns>
    public byte[] EncodeBitGroup() => new BiometricInformationTemplateGroup([Bit(FingerReference.Primary), Bit(FingerReference.Secondary)]).Encode();

    /// <summary>The biometric status 'BF23'.</summary>
    /// <param name="verified">The finger verified in this session, if any.</param>
    /// <returns>The encoded object.</returns>
    public byte[] Status(FingerReference? verified)
    {
        if (verified is null && _status is { } cached && cached.Stamp == _records.Stamp)
        {
            return cached.Encoded;
        }

        var fingers = new List<FingerStatus>(2);
        foreach (var reference in (ReadOnlySpan<FingerReference>)[FingerReference.Primary, FingerReference.Secondary])
        {
            var counter = _records.Read(NvmLayout.RetryCounter(reference));
            var enrolled = counter is not null && _records.Contains(NvmLayout.Reference(reference));
            var left = counter is null ? CasdCardInterface.MaxRetries : counter[0];
            fingers.Add(new FingerStatus(reference, enrolled, left, CasdCardInterface.MaxRetries, enrolled && left == 0));
        }

        var encoded = new BiometricStatus(fingers, verified).Encode();
        if (verified is null)
        {
            _status = (_records.Stamp, encoded);
        }

        return encoded;
    }

    private BiometricInformationTemplate Bit(FingerReference reference)
    {
        var stored = _records.Read(NvmLayout.Reference(reference));
        var level = stored is null ? MatchSecurityLevel.FalseMatchRate1In10000 : (MatchSecurityLevel)stored[0];
        if (stored is not null)
        {
            CryptographicOperations.ZeroMemory(stored);
        }

        var parameters = new BiometricMatchingParameters
        {
            MinimumMinutiae = CasdCardInterface.MinMinutiae,
            MaximumMinutiae = CasdCardInterface.MaxMinutiae,
            SecurityLevel = level,
        };
        return new BiometricInformationTemplate((byte)reference, null, BiometricHeaderTemplate.CompactCardFingerprint, parameters);
    }
}
