namespace Casd.Card.Interface;

/// <summary>
/// Constants of the CASD card interface (docs/card-interface.md): version, application
/// identifier and limits shared by the host and any card implementing the interface.
/// </summary>
public static class CasdCardInterface
{
    /// <summary>The version of the documented card interface these types implement.</summary>
    public const string Version = "2.0";

    /// <summary>The interface version as announced in the FCI (tag 'DF30'): major, minor.</summary>
    public const ushort EncodedVersion = 0x0200;

    /// <summary>The largest number of wrong VERIFY attempts before a finger reference blocks.</summary>
    public const int MaxRetries = 5;

    /// <summary>The fewest minutiae a reference or probe template may carry.</summary>
    public const int MinMinutiae = 12;

    /// <summary>The most minutiae a reference or probe template may carry.</summary>
    public const int MaxMinutiae = 60;

    /// <summary>The shortest challenge a login statement carries: 128 bits, the most an attacker can have guessed.</summary>
    public const int MinChallengeLength = 16;

    /// <summary>The longest challenge a login statement carries: 512 bits, room for a nonce and a hash.</summary>
    public const int MaxChallengeLength = 64;

    /// <summary>
    /// Gets the proprietary AID of the CASD application: 'F0' (unregistered, proprietary RID
    /// category) followed by ASCII "CASDCARD" and the application version 01.
    /// </summary>
    public static ReadOnlySpan<byte> Aid => [0xF0, 0x43, 0x41, 0x53, 0x44, 0x43, 0x41, 0x52, 0x44, 0x01];
}
