using System.CommandLine;
using Casd.Card.Cli.Evaluation;
using Casd.Card.Simulator.Matching;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card eval &lt;folder&gt;</c>: parses its options and hands them to
/// <see cref="MatcherEvaluation"/>, which runs the comparisons on a folder of minutiae records through
/// the whole match-on-card path and reports the error rates, the DET curve and the scores.
/// </summary>
internal sealed class EvalCommand : ICliCommand
{
    /// <summary>The protocols <c>--protocol</c> accepts; the first is the default.</summary>
    internal static readonly string[] Protocols = ["all-pairs", "fvc"];

    public Command Build()
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Records named <finger>_<impression>.iso (ISO 19794-2 / ANSI 378); with --lodo, a folder of such folders, one per database.",
        }.AcceptExistingOnly();
        var outFolder = new Option<string>("--out") { HelpName = "PATH", Description = "A folder: also write scores.csv, det.png and summary.md there (with --lodo: the DET curves) (created if needed)." };
        var throughApdu = new Option<bool>("--through-apdu") { Description = "Enrol and verify through the simulated card's APDUs (slower; same scores)." };
        var level = CommonOptions.Level("The false-match rate 1:n the card decides at");
        var protocol = new Option<string>("--protocol")
        {
            Description = "Which pairs are compared: all-pairs (every pair of impressions once, the default for statistical resolution) or fvc (the FVC competitions' protocol: impostors are first impressions only; EER as FVC defines it).",
            DefaultValueFactory = _ => Protocols[0],
        }.AcceptOnlyFromAmong(Protocols);
        var lodo = new Option<bool>("--lodo") { Description = "The folder holds one folder per database: choose the matcher's tolerances by leave-one-database-out and report the held-out figures." };
        var json = CommonOptions.Json("Print the summary as one JSON object (rates as fractions) instead of the table and the last line.");
        var command = new Command("eval", "Measure the on-card matcher on a folder of FVC-named minutiae records. The last line is: EER=<x>% FMR100=<x>% FMR1000=<x>% ZeroFMR=<x>% genuine=<n> impostor=<n>")
        {
            folder, outFolder, throughApdu, level, protocol, lodo, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new EvaluationOptions(
                result.GetRequiredValue(folder).FullName,
                result.GetValue(outFolder),
                result.GetValue(throughApdu),
                CommonOptions.LevelOrDefault(result, level),
                result.GetValue(protocol) == "fvc" ? EvaluationProtocol.Fvc : EvaluationProtocol.AllPairs,
                result.GetValue(lodo)),
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(EvaluationOptions options, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.LeaveOneDatabaseOut)
        {
            return await MatcherEvaluation.StudyAsync(options.Folder, options.Out, output, error, cancellationToken).ConfigureAwait(false) ? ExitCodes.Success : ExitCodes.Failure;
        }

        var matcher = ElasticMatcher.Instance;
        var rates = await MatcherEvaluation.RunAsync(options, matcher, json ? TextWriter.Null : output, error, cancellationToken).ConfigureAwait(false);
        if (rates is null)
        {
            return ExitCodes.Failure;
        }

        if (json)
        {
            JsonOutput.Write(output, new
            {
                Matcher = matcher.Name,
                Protocol = MatcherEvaluation.ProtocolName(options.Protocol),
                Genuine = rates.GenuineCount,
                Impostor = rates.ImpostorCount,
                Eer = rates.EqualErrorRate,
                rates.Fmr100,
                rates.Fmr1000,
                rates.ZeroFmr,
                CardDecisions = new
                {
                    Level = CommonOptions.LevelNumber(options.Level),
                    Threshold = matcher.GetThreshold(options.Level),
                },
                options.Out,
            });
        }

        return ExitCodes.Success;
    }
}
