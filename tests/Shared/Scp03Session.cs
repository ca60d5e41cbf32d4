namespace Casd.Card.TestData;

/// <summary>A published SCP03 session: static keys, mode and every exchange (INITIALIZE UPDATE, EXTERNAL AUTHENTICATE, three protected GET STATUS).</summary>
/// <param name="Name">What the session is.</param>
/// <param name="Source">The file of OpenSCP-Java's test data it comes from.</param>
/// <param name="Enc">K-ENC, hexadecimal.</param>
/// <param name="Mac">K-MAC, hexadecimal.</param>
/// <param name="Dek">K-DEK, hexadecimal.</param>
/// <param name="Mode">8 (S8) or 16 (S16).</param>
/// <param name="Exchanges">Command and answer, in order.</param>
internal sealed record Scp03Session(string Name, string Source, string Enc, string Mac, string Dek, int Mode, RecordedExchange[] Exchanges)
{
    /// <summary>Gets the host challenge the session was recorded with.</summary>
    public byte[] HostChallenge => Convert.FromHexString(Mode == 8 ? OpenScpSessions.HostChallengeS8 : OpenScpSessions.HostChallengeS8 + OpenScpSessions.HostChallengeS8);

    /// <summary>Gets the card's answer to INITIALIZE UPDATE without the status word.</summary>
    public byte[] InitializeUpdateAnswer => Convert.FromHexString(Exchanges[0].Response)[..^2];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
