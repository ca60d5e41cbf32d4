using System.Globalization;

namespace Casd.Card.RemoteAccess;

/// <summary>The keys under which an <see cref="ILoginStateStore"/> keeps challenges and counters, the same for every implementation.</summary>
public static class LoginStateKeys
{
    /// <summary>The key of a challenge: its audience hash and the challenge, in hexadecimal.</summary>
    /// <param name="audienceHash">SHA-256 of the audience.</param>
    /// <param name="challenge">The challenge.</param>
    /// <returns>"casd:challenge:AUDIENCE:CHALLENGE".</returns>
    public static string Challenge(ReadOnlySpan<byte> audienceHash, ReadOnlySpan<byte> challenge) =>
        string.Create(CultureInfo.InvariantCulture, $"casd:challenge:{Convert.ToHexString(audienceHash)}:{Convert.ToHexString(challenge)}");

    /// <summary>The key of a card's signature counter.</summary>
    /// <param name="cardSerial">The card serial, hexadecimal.</param>
    /// <returns>"casd:counter:SERIAL".</returns>
    public static string Counter(string cardSerial)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardSerial);
        return "casd:counter:" + cardSerial.ToUpperInvariant();
    }
}
