using System.CommandLine;
using Casd.Card.Cli.CardSources;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card verify</c>: match-on-card of a capture against the enrolled fingers.</summary>
internal sealed class VerifyCommand(Func<ICardReaderProvider>? readers = null) : ICliCommand
{
    public Command Build()
    {
        var source = new CardSourceOptions(readers);
        var finger = CommonOptions.Finger("The capture to match: an ISO/IEC 19794-2 or ANSI 378 minutiae record.");
        var firstFingerOnly = CommonOptions.FirstFingerOnly();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Match a fingerprint capture on the card (finger 1, then finger 2). Exit code 0 on a match, 1 on no match, a blocked card or a rejected capture.");
        source.AddTo(command);
        command.Add(finger);
        command.Add(firstFingerOnly);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(
            source.Create(result),
            result.GetRequiredValue(finger),
            !result.GetValue(firstFingerOnly),
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(CardSource source, FileInfo finger, bool allowSecondFinger, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("verify", error, async () =>
        {
            string? channel = null;
            source.ChannelReport = c => channel = c;
            var record = await CardCommandRunner.ReadFileAsync(finger, cancellationToken);
            await using var connected = await source.OpenAsync(cancellationToken);
            var card = connected;
            await card.OpenChannelAsync(CardChannelPurpose.Verification, cancellationToken);
            var result = await card.VerifyCaptureAsync(record, allowSecondFinger, cancellationToken);

            if (json)
            {
                JsonOutput.Write(output, new { card.Serial, result.Outcome, Reference = result.Reference?.ToString(), result.RetriesLeft, result.Reason, Channel = channel });
            }
            else
            {
                output.WriteLine($"Card {card.Serial}: {result}");
                output.WriteLine($"  channel: {channel}");
            }

            return result.IsMatch ? ExitCodes.Success : ExitCodes.Failure;
        });
}
