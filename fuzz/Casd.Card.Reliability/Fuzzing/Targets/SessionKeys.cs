namespace Casd.Card.Reliability.Fuzzing.Targets;

/// <summary>Fixed session keys for the secure-messaging targets: fuzzing the unwrap needs a known session, not a secret one.</summary>
internal static class SessionKeys
{
    public static byte[] Enc => Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();

    public static byte[] Mac => Enumerable.Range(0x20, 16).Select(i => (byte)i).ToArray();

    public static byte[] Rmac => Enumerable.Range(0x30, 16).Select(i => (byte)i).ToArray();

    public static byte[] Chain => new byte[16];
}
