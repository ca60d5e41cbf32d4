using System.Security.Cryptography;
using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Simulator.Nvm;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The application's biometric objects, written by the card itself from docs/card-interface.md
/// (decision 0082): the BIT group '7F61' of the FCI and the biometric status 'BF23'. Both have a
/// fixed shape, so the card keeps each as a template and fills in the bytes that vary, as a card
/// keeps such objects in ROM; tests compare them with the document's examples and the host's parsers.
/// </summary>
internal sealed class BiometricObjects(AppletRecords records)
{
    /// <summary>Where the key reference ('83') sits in <see cref="BitTemplate"/>.</summary>
    private const int BitReference = 5;

    /// <summary>Where the match security level ('DF50') sits in <see cref="BitTemplate"/>.</summary>
    private const int BitLevel = 34;

    /// <summary>Where the key reference, enrolled flag, retries left, retry limit and blocked flag sit in <see cref="FingerStatusTemplate"/>.</summary>
    private const int StatusReference = 4, StatusEnrolled = 7, StatusRetries = 10, StatusLimit = 13, StatusBlocked = 16;

    private ((long, int) Stamp, byte[] Encoded)? _status;

    /// <summary>
    /// One finger's BIT: '7F60' { '83' reference, 'A1' { '81' 08 fingerprint, '87' 0101 format owner
    /// JTC 1/SC 37, '88' 0007 compact card }, 'B1' { '81' minimum ‖ maximum minutiae, '82' order
    /// (none), '83' feature handling (none), 'DF50' level } }.
    /// </summary>
    private static ReadOnlySpan<byte> BitTemplate =>
    [
        0x7F, 0x60, 0x20,
        0x83, 0x01, 0x00,
        0xA1, 0x0B, 0x81, 0x01, 0x08, 0x87, 0x02, 0x01, 0x01, 0x88, 0x02, 0x00, 0x07,
        0xB1, 0x0E, 0x81, 0x02, CasdCardInterface.MinMinutiae, CasdCardInterface.MaxMinutiae, 0x82, 0x01, 0x00, 0x83, 0x01, 0x00, 0xDF, 0x50, 0x01, 0x00,
    ];

    /// <summary>One finger's status: 'A0' { '83' reference, '80' enrolled, '81' retries left, '82' retry limit, '84' blocked }.</summary>
    private static ReadOnlySpan<byte> FingerStatusTemplate => [0xA0, 0x0F, 0x83, 0x01, 0x00, 0x80, 0x01, 0x00, 0x81, 0x01, 0x00, 0x82, 0x01, 0x00, 0x84, 0x01, 0x00];

    private static ReadOnlySpan<FingerReference> Fingers => [FingerReference.Primary, FingerReference.Secondary];

    /// <summary>The BIT group '7F61': the count, then one BIT a finger reference with the level it matches at.</summary>
    /// <returns>The encoded group.</returns>
    public byte[] EncodeBitGroup()
    {
        ReadOnlySpan<byte> header = [0x7F, 0x61, (byte)(3 + (2 * BitTemplate.Length)), 0x02, 0x01, 0x02];
        var group = new byte[header.Length + (2 * BitTemplate.Length)];
        header.CopyTo(group);
        var bit = group.AsSpan(header.Length);
        foreach (var finger in Fingers)
        {
            BitTemplate.CopyTo(bit);
            bit[BitReference] = (byte)finger;
            bit[BitLevel] = Level(finger);
            bit = bit[BitTemplate.Length..];
        }

        return group;
    }

    /// <summary>The biometric status 'BF23': both fingers, then '85' the finger verified in this session ('00': none).</summary>
    /// <param name="verified">The finger verified in this session, if any.</param>
    /// <returns>The encoded object.</returns>
    public byte[] Status(FingerReference? verified)
    {
        if (verified is null && _status is { } cached && cached.Stamp == records.Stamp)
        {
            return cached.Encoded;
        }

        var length = (2 * FingerStatusTemplate.Length) + 3;
        var encoded = new byte[3 + length];
        ((ReadOnlySpan<byte>)[0xBF, 0x23, (byte)length]).CopyTo(encoded);
        var finger = encoded.AsSpan(3);
        foreach (var reference in Fingers)
        {
            var counter = records.Read(NvmLayout.RetryCounter(reference));
            var enrolled = counter is not null && records.Contains(NvmLayout.Reference(reference));
            var left = counter?[0] ?? CasdCardInterface.MaxRetries;
            FingerStatusTemplate.CopyTo(finger);
            finger[StatusReference] = (byte)reference;
            finger[StatusEnrolled] = enrolled ? (byte)1 : (byte)0;
            finger[StatusRetries] = (byte)left;
            finger[StatusLimit] = CasdCardInterface.MaxRetries;
            finger[StatusBlocked] = enrolled && left == 0 ? (byte)1 : (byte)0;
            finger = finger[FingerStatusTemplate.Length..];
        }

        ((ReadOnlySpan<byte>)[0x85, 0x01, verified is { } v ? (byte)v : (byte)0]).CopyTo(finger);
        if (verified is null)
        {
            _status = (records.Stamp, encoded);
        }

        return encoded;
    }

    /// <summary>The level a finger matches at: the first byte of its reference cell, 1:10,000 before enrolment.</summary>
    private byte Level(FingerReference finger)
    {
        var stored = records.Read(NvmLayout.Reference(finger));
        if (stored is null)
        {
            return (byte)MatchSecurityLevel.FalseMatchRate1In10000;
        }

        var level = stored[0];
        CryptographicOperations.ZeroMemory(stored);
        return level;
    }
}
