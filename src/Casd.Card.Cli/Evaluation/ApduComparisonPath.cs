using Casd.Card.Biometrics;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Runs each comparison on a simulated card through its APDU interface: CHANGE REFERENCE DATA enrols
/// the reference at the chosen security level (which also resets the retry counter, so impostor
/// attempts never block the card), then VERIFY sends the probe; the decision is the status word.
/// </summary>
internal sealed class ApduComparisonPath : IComparisonPath
{
    private readonly SimulatedCard _card;
    private readonly RecordingMatcher _matcher;
    private readonly MatchSecurityLevel _level;
    private FvcTemplate? _enrolled;
    private bool _lastFailed;

    public ApduComparisonPath(IOnCardMatcher matcher, MatchSecurityLevel level)
    {
        _matcher = new RecordingMatcher(matcher);
        _level = level;
        // The evaluation measures the matcher behind the APDU interface, not the channel: the access
        // rules are off on purpose so the probe goes in clear and the authority is granted directly
        // (docs/decisions/0073-access-rules-on-by-default.md).
        _card = new SimulatedCard(new SimulatedCardOptions { Matcher = _matcher, EnforceChannelAccessRules = false });
        _card.PowerOn();
        Send(CasdCommands.Select()).EnsureSuccess();
        _card.GrantPersonalisationAuthority();
    }

    public string Name => "apdu";

    public ComparisonOutcome Compare(ComparisonPair pair)
    {
        if (!ReferenceEquals(_enrolled, pair.Reference) || _lastFailed)
        {
            var enrol = Send(CasdCommands.ChangeReferenceData(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(pair.Reference.Compact), _level));
            if (!enrol.StatusWord.IsSuccess)
            {
                // The card refused to enrol this reference (too few minutiae): no comparison is possible.
                _enrolled = null;
                return new ComparisonOutcome(0, false);
            }

            _enrolled = pair.Reference;
            _lastFailed = false;
        }

        _matcher.Forget();
        var verify = Send(CasdCommands.Verify(FingerReference.Primary, CasdCommands.EncodeBiometricTemplate(pair.Probe.Compact)));
        var matched = verify.StatusWord.IsSuccess;
        _lastFailed = !matched;
        return new ComparisonOutcome(_matcher.LastScore ?? 0, matched);
    }

    private ResponseApdu Send(CommandApdu command) => ResponseApdu.Parse(_card.Transmit(command.ToArray(ApduLengthFormat.Auto)));
}
