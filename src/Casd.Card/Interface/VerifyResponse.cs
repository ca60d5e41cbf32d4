using Casd.Card.Iso7816;

namespace Casd.Card.Interface;

/// <summary>
/// The answer to a VERIFY that carried a probe (docs/card-interface.md), read through the command's
/// status-word map, which sits here beside the command as the Yubico SDK keeps one beside each of
/// its commands (<c>VerifyPinResponse.StatusCodeMap</c>).
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>status word</term><description>outcome</description></listheader>
/// <item><term>'9000'</term><description><see cref="VerificationOutcome.Match"/></description></item>
/// <item><term>'63CX', X &gt; 0</term><description><see cref="VerificationOutcome.NoMatch"/>, X tries left</description></item>
/// <item><term>'63C0', '6983'</term><description><see cref="VerificationOutcome.Blocked"/></description></item>
/// <item><term>'6A80'</term><description><see cref="VerificationOutcome.TemplateRejected"/>: the card refused the probe's format, no try spent</description></item>
/// <item><term>any other</term><description>no outcome: the command failed (no such finger, no secure channel, …); the caller raises it</description></item>
/// </list>
/// </remarks>
public sealed class VerifyResponse
{
    /// <summary>Reads a VERIFY answer.</summary>
    /// <param name="response">The response APDU.</param>
    public VerifyResponse(ResponseApdu response)
    {
        StatusWord = response.StatusWord;
        (Outcome, RetriesLeft) = Map(response.StatusWord);
    }

    /// <summary>Gets the status word the card answered.</summary>
    public StatusWord StatusWord { get; }

    /// <summary>Gets the outcome of the comparison, or <see langword="null"/> when the status word is not one of the map's.</summary>
    public VerificationOutcome? Outcome { get; }

    /// <summary>Gets the tries left for <see cref="VerificationOutcome.NoMatch"/>; 0 otherwise.</summary>
    public int RetriesLeft { get; }

    /// <summary>The status-word map of VERIFY with a probe.</summary>
    /// <param name="statusWord">The status word.</param>
    /// <returns>The outcome (<see langword="null"/> for a status word outside the map) and, for no match, the tries left.</returns>
    public static (VerificationOutcome? Outcome, int RetriesLeft) Map(StatusWord statusWord) =>
        statusWord.IsSuccess ? (VerificationOutcome.Match, 0)
        : statusWord.RetriesLeft is { } left ? (left == 0 ? (VerificationOutcome.Blocked, 0) : (VerificationOutcome.NoMatch, left))
        : statusWord == StatusWord.AuthenticationMethodBlocked ? (VerificationOutcome.Blocked, 0)
        : statusWord == StatusWord.IncorrectData ? (VerificationOutcome.TemplateRejected, 0)
        : (null, 0);
}
