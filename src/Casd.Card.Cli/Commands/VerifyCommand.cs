using Casd.Card.Biometrics;
using Casd.Card.Interface;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card verify</c>: match-on-card of a capture against the enrolled fingers.</summary>
internal sealed class VerifyCommand : ICliCommand
{
    public string Name => "verify";

    public string Summary => "Match a fingerprint capture on the card (finger 1, then finger 2).";

    public string Usage => """
        Usage: casd-card verify (--simulator [STATE-FILE] | --reader NAME) --finger RECORD [--first-finger-only] [--json]
          Exit code 0 on a match, 1 on no match, a blocked card or a rejected capture.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var line = CommandLine.ParseWithCardSource(args, ["--finger"], ["--first-finger-only"]);
        var finger = line.Require("--finger");
        return CardCommandRunner.RunAsync(Name, error, async () =>
        {
            var source = line.GetCardSource();
            string? channel = null;
            source.ChannelReport = c => channel = c;
            var record = await CardCommandRunner.ReadFileAsync(finger, cancellationToken);
            await using var card = await source.OpenAsync(cancellationToken);
            await card.OpenChannelAsync(CardChannelPurpose.Verification, cancellationToken);
            var parameters = card.BiometricTemplates.Find((byte)FingerReference.Primary)?.Parameters ?? BiometricMatchingParameters.Default;
            VerificationResult result;
            using (var capture = BiometricVerificationData.FromRecord(record, parameters))
            {
                result = await card.VerifyAsync(capture, !line.Has("--first-finger-only"), cancellationToken);
            }

            if (line.Json)
            {
                CardCommandRunner.WriteJson(output, new { card.Serial, result.Outcome, Reference = result.Reference?.ToString(), result.RetriesLeft, result.Reason, Channel = channel });
            }
            else
            {
                output.WriteLine($"Card {card.Serial}: {result}");
                output.WriteLine($"  channel: {channel}");
            }

            return result.IsMatch ? ExitCodes.Success : ExitCodes.Failure;
        });
    }
}
