namespace Casd.Card.SecureChannel;

/// <summary>The parsed response to INITIALIZE UPDATE (Amendment D, 7.1.2), S8 or S16 mode.</summary>
internal sealed class InitializeUpdateResponse
{
    /// <summary>'i' bit: 16-byte challenges, cryptograms and MACs (S16 mode, Amendment D v1.2, table 5-1).</summary>
    public const byte S16Mode = 0x01;

    /// <summary>'i' bit: the card challenge is pseudo-random and a sequence counter follows.</summary>
    public const byte PseudoRandomChallenge = 0x10;

    /// <summary>'i' bit: R-MAC supported.</summary>
    public const byte ResponseMacSupported = 0x20;

    /// <summary>'i' bit: R-ENCRYPTION supported.</summary>
    public const byte ResponseEncryptionSupported = 0x40;

    private const int KeyInformationEnd = 13;

    private InitializeUpdateResponse(byte[] diversification, byte keyVersion, byte parameter, byte[] cardChallenge, byte[] cardCryptogram)
    {
        DiversificationData = diversification;
        KeyVersion = keyVersion;
        Parameter = parameter;
        CardChallenge = cardChallenge;
        CardCryptogram = cardCryptogram;
    }

    public byte[] DiversificationData { get; }

    public byte KeyVersion { get; }

    public byte Parameter { get; }

    public byte[] CardChallenge { get; }

    public byte[] CardCryptogram { get; }

    /// <summary>Parses and checks the response against the requested level and mode.</summary>
    /// <param name="data">The response data.</param>
    /// <param name="level">The level the host will request.</param>
    /// <param name="mode">The mode the host opened with (its host challenge has this length).</param>
    /// <returns>The parsed response.</returns>
    /// <exception cref="SecureChannelException">Malformed, not SCP03, another mode, or the card cannot give the level.</exception>
    public static InitializeUpdateResponse Parse(ReadOnlySpan<byte> data, SecurityLevel level, ScpMode mode = ScpMode.S8)
    {
        // Diversification data (10), key information (3), card challenge, card cryptogram, then the
        // 3-byte sequence counter when the challenge is pseudo-random (Amendment D, table 7-3).
        var size = (int)mode;
        var shortest = KeyInformationEnd + (2 * size);
        if (data.Length != shortest && data.Length != shortest + 3)
        {
            throw new SecureChannelException($"The INITIALIZE UPDATE response is {data.Length} bytes; SCP03 in {mode} mode answers {shortest} or {shortest + 3}.");
        }

        if (data[11] != 0x03)
        {
            throw new SecureChannelException($"The card answered INITIALIZE UPDATE for SCP {data[11]:X2}, not SCP03.");
        }

        var parameter = data[12];
        if (((parameter & S16Mode) != 0) != (mode == ScpMode.S16))
        {
            throw new SecureChannelException($"The card uses SCP03 i={parameter:X2} ({((parameter & S16Mode) != 0 ? "S16" : "S8")} mode), but the channel was opened in {mode} mode.");
        }

        if ((parameter & PseudoRandomChallenge) != 0 != (data.Length == shortest + 3))
        {
            throw new SecureChannelException($"The INITIALIZE UPDATE response length ({data.Length}) does not match i={parameter:X2}: a sequence counter comes with a pseudo-random challenge only.");
        }

        if ((level & SecurityLevel.ResponseMac) != 0 && (parameter & ResponseMacSupported) == 0)
        {
            throw new SecureChannelException($"The card (SCP03 i={parameter:X2}) does not support R-MAC, which the requested security level needs.");
        }

        if ((level & SecurityLevel.ResponseEncryption) != 0 && (parameter & ResponseEncryptionSupported) == 0)
        {
            throw new SecureChannelException($"The card (SCP03 i={parameter:X2}) does not support R-ENCRYPTION, which the requested security level needs.");
        }

        return new InitializeUpdateResponse(
            data[..10].ToArray(),
            data[10],
            parameter,
            data.Slice(KeyInformationEnd, size).ToArray(),
            data.Slice(KeyInformationEnd + size, size).ToArray());
    }
}
