using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Casd.Card.Biometrics;
using Casd.Card.Cli.CardSources;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card enrol</c>: the enrolment desk: personalise, inspect or reset a card.</summary>
internal sealed class EnrolCommand(Func<ICardReaderProvider>? readers = null) : ICliCommand
{
    public Command Build()
    {
        var options = new Options(new CardSourceOptions(readers));
        var command = new Command("enrol", "Personalise a card at the enrolment desk (or inspect/reset an interrupted one). Rerunning on an interrupted card finishes it.");
        options.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var source = options.Source.Create(result);
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var json = result.GetValue(options.Json);
            if (result.GetValue(options.Inspect) || result.GetValue(options.Reset))
            {
                return CardCommandRunner.RunAsync("enrol", error, () => InspectOrResetAsync(source, result.GetValue(options.Reset), json, output, cancellationToken));
            }

            var express = result.GetValue(options.ExpressFrom) is { } from ? ExpressSource(from, readers) : null;
            return EnrolAsync(source, express, options.Read(result), json, output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>The researcher's current card: 'simulator:STATE-FILE' or 'reader:NAME'.</summary>
    private static CardSource ExpressSource(string spec, Func<ICardReaderProvider>? readers) =>
        spec.StartsWith("simulator:", StringComparison.Ordinal) ? new SimulatorCardSource(spec["simulator:".Length..])
        : new ReaderCardSource(spec["reader:".Length..], readers);

    private static Task<int> EnrolAsync(CardSource source, CardSource? express, Request request, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("enrol", error, async () =>
        {
            string? channel = null;
            source.ChannelReport = c =>
            {
                channel = c;
                if (!json)
                {
                    output.WriteLine($"  channel: {c}");
                }
            };

            var records = new List<ReadOnlyMemory<byte>>();
            foreach (var f in request.Fingers)
            {
                records.Add(await CardCommandRunner.ReadFileAsync(f, cancellationToken));
            }

            var test = await CardCommandRunner.ReadFileAsync(request.Test!, cancellationToken);
            using var authority = DevelopmentCardKeys.CreateCardCertificateAuthority(TimeProvider.System);
            var desk = new EnrolmentDesk(authority, new EnrolmentPolicy(TimeProvider.System));
            var enrolment = new EnrolmentRequest(request.Holder, request.Project, request.Kind, request.LastFullEnrolment, request.Conditions, records, test) { SecurityLevel = request.Level };
            ExpressEnrolmentBasis? basis = null;
            if (express is not null)
            {
                // The researcher's current card proves the full enrolment: a live match on it, its signed statement.
                var capture = request.ExpressCapture is { } c ? await CardCommandRunner.ReadFileAsync(c, cancellationToken) : test;
                await using (var current = await express.OpenAsync(cancellationToken))
                {
                    var found = await desk.ReadExpressBasisAsync(current, capture, cancellationToken);
                    if (found.Basis is not { } b)
                    {
                        error.WriteLine($"casd-card enrol: the current card gives no basis for an express enrolment: {found.Reason}.");
                        return ExitCodes.Failure;
                    }

                    basis = b;
                }

                enrolment = basis.ToRequest(request.Project, request.Kind, request.Conditions, records, test) with { SecurityLevel = request.Level };
                if (!json)
                {
                    output.WriteLine($"Current card {basis.CardSerial} (project {basis.ProjectCode}): holder {basis.Holder.HolderId}, full {basis.Kind} enrolment of {basis.FullEnrolmentDate:yyyy-MM-dd}");
                }
            }

            await using var connected = await source.OpenAsync(cancellationToken);
            var card = connected;
            if (!json)
            {
                output.WriteLine($"Enrolling card {card.Serial} via {source.Description}");
            }

            var result = await desk.EnrolAsync(card, enrolment, json ? null : new EnrolmentProgressWriter(output, "  "), cancellationToken);
            var caPath = request.CaOut ?? (source is SimulatorCardSource { StateFile: { } state } ? state + ".ca.cer" : null);
            if (result.IsIssued && caPath is not null)
            {
                await File.WriteAllBytesAsync(caPath, authority.RootCertificate.RawData, cancellationToken);
            }

            if (json)
            {
                JsonOutput.Write(output, new
                {
                    result.Outcome,
                    result.CardSerial,
                    Channel = channel,
                    result.Decision,
                    result.Message,
                    Rejection = result.FingerRejection?.Reason,
                    ConnectionTest = result.ConnectionTest?.Outcome,
                    ConnectionTestVerdict = result.ConnectionTestVerdict?.Message,
                    ExpressFrom = basis is null ? null : new { basis.CardSerial, basis.ProjectCode, basis.Holder.HolderId, basis.Kind, basis.FullEnrolmentDate },
                    TrustAnchor = result.IsIssued ? caPath : null,
                });
            }
            else
            {
                output.WriteLine(result.Message);
                if (result.IsIssued && caPath is not null)
                {
                    output.WriteLine($"CA certificate for 'authenticate --trust': {caPath}");
                }
            }

            if (!result.IsIssued)
            {
                error.WriteLine($"casd-card enrol: {result.Message}");
            }

            return result.IsIssued ? ExitCodes.Success : ExitCodes.Failure;
        });

    private static async Task<int> InspectOrResetAsync(CardSource source, bool reset, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        await using var connected = await source.OpenAsync(cancellationToken);
        var card = connected;
        using var authority = DevelopmentCardKeys.CreateCardCertificateAuthority(TimeProvider.System);
        var desk = new EnrolmentDesk(authority, new EnrolmentPolicy(TimeProvider.System));
        if (reset)
        {
            await desk.ResetAsync(card, cancellationToken);
            if (json)
            {
                JsonOutput.Write(output, new { CardSerial = card.Serial, Erased = true });
            }
            else
            {
                output.WriteLine($"Card {card.Serial}: unfinished personalisation erased; the card is blank.");
            }

            return ExitCodes.Success;
        }

        var inspection = await desk.InspectAsync(card, cancellationToken);
        if (json)
        {
            JsonOutput.Write(output, new
            {
                inspection.CardSerial,
                inspection.Lifecycle,
                inspection.IsBlank,
                inspection.IsInterrupted,
                inspection.IsIssued,
                Steps = inspection.Steps.ToDictionary(s => s.Key.ToString(), s => s.Value.ToString()),
            });
            return ExitCodes.Success;
        }

        var state = inspection.IsIssued ? "issued" : inspection.IsBlank ? "blank" : inspection.IsInterrupted ? "interrupted personalisation" : inspection.Lifecycle.ToString();
        output.WriteLine($"Card {inspection.CardSerial}: {state}");
        foreach (var (step, status) in inspection.Steps.OrderBy(s => s.Key))
        {
            output.WriteLine($"  [{(int)step}/7] {step,-20} {status}");
        }

        if (inspection.IsInterrupted)
        {
            output.WriteLine("Rerun 'casd-card enrol' with the same data to finish, or 'casd-card enrol --reset' to start afresh.");
        }

        return ExitCodes.Success;
    }

    /// <summary>A personalisation the command line asks for, checked by the parser.</summary>
    private sealed record Request(
        HolderIdentity Holder,
        ProjectInfo Project,
        EnrolmentKind Kind,
        DateOnly? LastFullEnrolment,
        string Conditions,
        IReadOnlyList<FileInfo> Fingers,
        FileInfo? Test,
        FileInfo? ExpressCapture,
        MatchSecurityLevel Level,
        string? CaOut);

    /// <summary>The options of enrol and the rules between them.</summary>
    private sealed class Options(CardSourceOptions source)
    {
        public CardSourceOptions Source { get; } = source;

        public Option<string> Holder { get; } = new("--holder") { HelpName = "ID", Description = "The holder's identifier (required to personalise)." };

        public Option<string> Family { get; } = new("--family") { HelpName = "NAME", Description = "The holder's family name (required to personalise)." };

        public Option<string> Given { get; } = new("--given") { HelpName = "NAMES", Description = "The holder's given names.", DefaultValueFactory = _ => string.Empty };

        public Option<string> Project { get; } = new("--project") { HelpName = "CODE", Description = "The project the card is for (required to personalise)." };

        public Option<string> Title { get; } = new("--title") { HelpName = "TEXT", Description = "The project's title.", DefaultValueFactory = _ => string.Empty };

        public Option<string> Kind { get; } = new Option<string>("--kind") { Description = "The enrolment kind.", DefaultValueFactory = _ => "standard" }.AcceptOnlyFromAmong("standard", "health");

        public Option<DateOnly?> LastFullEnrolment { get; } = new("--last-full-enrolment")
        {
            HelpName = "YYYY-MM-DD",
            Description = "The date of the holder's last full enrolment: within 4 years, the card is issued by express enrolment.",
            CustomParser = ParseDate,
        };

        public Option<string> Conditions { get; } = new("--conditions") { HelpName = "VERSION", Description = "The version of the general conditions the holder accepted.", DefaultValueFactory = _ => "1.0" };

        public Option<FileInfo[]> Fingers { get; } = new Option<FileInfo[]>("--finger")
        {
            HelpName = "RECORD",
            Description = "A finger to enrol, given once or twice (required to personalise): an ISO/IEC 19794-2 or ANSI 378 minutiae record.",
        }.AcceptExistingOnly();

        public Option<FileInfo> Test { get; } = new Option<FileInfo>("--test")
        {
            HelpName = "RECORD",
            Description = "A fresh capture of finger 1 for the connection test, a real login with the new card (required to personalise; an enrolled record is refused: it would test nothing).",
        }.AcceptExistingOnly();

        public Option<string> ExpressFrom { get; } = ExpressFromOption();

        public Option<FileInfo> ExpressCapture { get; } = new Option<FileInfo>("--express-capture")
        {
            HelpName = "RECORD",
            Description = "The live capture matched on the current card (default: the --test capture).",
        }.AcceptExistingOnly();

        public Option<MatchSecurityLevel?> Level { get; } = CommonOptions.Level("The false-match rate 1:n the card decides at");

        public Option<string> CaOut { get; } = CaOutOption();

        public Option<bool> Inspect { get; } = new("--inspect") { Description = "Show which personalisation steps the card holds." };

        public Option<bool> Reset { get; } = new("--reset") { Description = "Erase an unfinished personalisation." };

        public Option<bool> Json { get; } = CommonOptions.Json();

        public void AddTo(Command command)
        {
            Source.AddTo(command);
            Option[] options = [Holder, Family, Given, Project, Title, Kind, LastFullEnrolment, Conditions, Fingers, Test, ExpressFrom, ExpressCapture, Level, CaOut, Inspect, Reset, Json];
            foreach (var option in options)
            {
                command.Add(option);
            }

            command.Validators.Add(Check);
        }

        public Request Read(ParseResult result) => new(
            // With --express-from the holder comes from the current card; this placeholder is not written.
            result.GetValue(ExpressFrom) is null ? new HolderIdentity(result.GetRequiredValue(Holder), result.GetRequiredValue(Family), result.GetValue(Given) ?? string.Empty) : new HolderIdentity("-", "-", string.Empty),
            new ProjectInfo(result.GetRequiredValue(Project), result.GetValue(Title) ?? string.Empty),
            result.GetValue(Kind) == "health" ? EnrolmentKind.Health : EnrolmentKind.Standard,
            result.GetValue(LastFullEnrolment),
            result.GetValue(Conditions) ?? "1.0",
            result.GetValue(Fingers) ?? [],
            result.GetValue(Test),
            result.GetValue(ExpressCapture),
            CommonOptions.LevelOrDefault(result, Level),
            result.GetValue(CaOut));

        private static DateOnly? ParseDate(ArgumentResult result)
        {
            var text = result.Tokens[0].Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            result.AddError($"--last-full-enrolment must be a date YYYY-MM-DD, not '{text}'.");
            return null;
        }

        private static Option<string> ExpressFromOption()
        {
            var option = new Option<string>("--express-from")
            {
                HelpName = "CARD",
                Description = "Express enrolment from the researcher's current card, 'simulator:STATE-FILE' or 'reader:NAME': a live match on it gives the holder and the full-enrolment date and kind.",
            };
            option.Validators.Add(result =>
            {
                var value = result.GetValueOrDefault<string?>();
                if (value is null)
                {
                    return;
                }

                if (value.StartsWith("simulator:", StringComparison.Ordinal) && value.Length > "simulator:".Length)
                {
                    if (!File.Exists(value["simulator:".Length..]))
                    {
                        result.AddError($"--express-from: the state file '{value["simulator:".Length..]}' does not exist.");
                    }
                }
                else if (!(value.StartsWith("reader:", StringComparison.Ordinal) && value.Length > "reader:".Length))
                {
                    result.AddError($"--express-from takes 'simulator:STATE-FILE' or 'reader:NAME', not '{value}'.");
                }
            });
            return option;
        }

        private static Option<string> CaOutOption()
        {
            var option = new Option<string>("--ca-out")
            {
                HelpName = "FILE",
                Description = "Where the development CA's certificate goes, for 'authenticate --trust' (default: STATE-FILE.ca.cer).",
            };
            option.Validators.Add(PathChecks.FileInExistingFolder);
            return option;
        }

        // Rules between options; the parser reports each as a usage error (exit 2) before any card is touched.
        private void Check(CommandResult result)
        {
            var inspect = result.GetValue(Inspect);
            var reset = result.GetValue(Reset);
            if (inspect && reset)
            {
                result.AddError("Give either --inspect or --reset.");
                return;
            }

            if (inspect || reset)
            {
                return;
            }

            var express = result.GetResult(ExpressFrom) is not null;
            Option[] required = express ? [Project, Test] : [Holder, Family, Project, Test];
            var missing = required.Where(o => result.GetResult(o) is null).ToList();
            foreach (var option in missing)
            {
                result.AddError($"Option '{option.Name}' is required to personalise a card.");
            }

            if (express)
            {
                foreach (var option in new Option[] { Holder, Family, Given, LastFullEnrolment }.Where(o => result.GetResult(o) is not null))
                {
                    result.AddError($"Option '{option.Name}' comes from the current card with --express-from; leave it out.");
                }
            }
            else if (result.GetResult(ExpressCapture) is not null)
            {
                result.AddError("Option '--express-capture' goes with --express-from.");
            }

            if ((result.GetValue(Fingers)?.Length ?? 0) is < 1 or > 2)
            {
                result.AddError("Give one or two --finger records.");
            }

            if (missing.Count > 0)
            {
                return;
            }

            try
            {
                // The card's limits on these fields are in the encoders: check them here, not at step 3 of 7.
                if (!express)
                {
                    _ = new HolderIdentity(result.GetValue(Holder)!, result.GetValue(Family)!, result.GetValue(Given) ?? string.Empty).Encode();
                }

                _ = new ProjectInfo(result.GetValue(Project)!, result.GetValue(Title) ?? string.Empty).Encode();
            }
            catch (ArgumentException ex)
            {
                result.AddError($"A holder or project field is too long or empty ({ex.ParamName}).");
            }
        }
    }
}
