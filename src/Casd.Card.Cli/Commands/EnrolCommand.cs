using System.Globalization;
using Casd.Card.Biometrics;
using Casd.Card.Cli.CardSources;
using Casd.Card.Enrolment;
using Casd.Card.Interface;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card enrol</c>: the enrolment desk: personalise, inspect or reset a card.</summary>
internal sealed class EnrolCommand : ICliCommand
{
    public string Name => "enrol";

    public string Summary => "Personalise a card at the enrolment desk (or inspect/reset an interrupted one).";

    public string Usage => """
        Usage: casd-card enrol (--simulator [STATE-FILE] | --reader NAME)
                 --holder ID --family NAME [--given NAMES] --project CODE [--title TEXT]
                 [--kind standard|health] [--last-full-enrolment YYYY-MM-DD] [--conditions VERSION]
                 --finger RECORD [--finger RECORD] [--test RECORD] [--level 1000|10000|100000]
                 [--ca-out FILE] [--json]
               casd-card enrol (--simulator [STATE-FILE] | --reader NAME) --inspect [--json]
               casd-card enrol (--simulator [STATE-FILE] | --reader NAME) --reset
          RECORD: an ISO/IEC 19794-2 or ANSI 378 minutiae record; --test defaults to the first --finger.
          The development CA's certificate goes to --ca-out (default STATE-FILE.ca.cer) for 'authenticate --trust'.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var line = CommandLine.ParseWithCardSource(
            args,
            ["--holder", "--family", "--given", "--project", "--title", "--kind", "--last-full-enrolment", "--conditions", "--finger", "--test", "--level", "--ca-out"],
            ["--inspect", "--reset"]);
        if (line.Has("--inspect") || line.Has("--reset"))
        {
            return CardCommandRunner.RunAsync(Name, error, () => InspectOrResetAsync(line, output, cancellationToken));
        }

        var fingers = line.GetAll("--finger");
        if (fingers.Count is < 1 or > 2)
        {
            throw new UsageException("give one or two --finger records.");
        }

        var kind = (line.Get("--kind") ?? "standard") switch
        {
            "standard" => EnrolmentKind.Standard,
            "health" => EnrolmentKind.Health,
            var k => throw new UsageException($"--kind must be standard or health, not '{k}'."),
        };
        DateOnly? lastFull = line.Get("--last-full-enrolment") is { } d
            ? DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : throw new UsageException($"--last-full-enrolment must be a date YYYY-MM-DD, not '{d}'.")
            : null;
        var level = (line.Get("--level") ?? "10000") switch
        {
            "1000" => MatchSecurityLevel.FalseMatchRate1In1000,
            "10000" => MatchSecurityLevel.FalseMatchRate1In10000,
            "100000" => MatchSecurityLevel.FalseMatchRate1In100000,
            var l => throw new UsageException($"--level must be 1000, 10000 or 100000, not '{l}'."),
        };
        var holderId = line.Require("--holder");
        var family = line.Require("--family");
        var project = line.Require("--project");

        return CardCommandRunner.RunAsync(Name, error, async () =>
        {
            var source = line.GetCardSource();
            string? channel = null;
            source.ChannelReport = c =>
            {
                channel = c;
                if (!line.Json)
                {
                    output.WriteLine($"  channel: {c}");
                }
            };

            var records = new List<ReadOnlyMemory<byte>>();
            foreach (var f in fingers)
            {
                records.Add(await CardCommandRunner.ReadFileAsync(f, cancellationToken));
            }

            var test = line.Get("--test") is { } t ? await CardCommandRunner.ReadFileAsync(t, cancellationToken) : records[0];
            HolderIdentity holder;
            ProjectInfo projectInfo;
            try
            {
                holder = new HolderIdentity(holderId, family, line.Get("--given") ?? string.Empty);
                projectInfo = new ProjectInfo(project, line.Get("--title") ?? string.Empty);
                _ = holder.Encode();
                _ = projectInfo.Encode();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new UsageException($"a holder or project field is too long or empty ({ex.ParamName}).", ex);
            }

            var request = new EnrolmentRequest(holder, projectInfo, kind, lastFull, line.Get("--conditions") ?? "1.0", records, test) { SecurityLevel = level };
            using var authority = new DevelopmentCertificateAuthority();
            var desk = new EnrolmentDesk(authority, new EnrolmentPolicy(TimeProvider.System));
            await using var card = await source.OpenAsync(cancellationToken);
            if (!line.Json)
            {
                output.WriteLine($"Enrolling card {card.Serial} via {source.Description}");
            }

            var result = await desk.EnrolAsync(card, request, line.Json ? null : new EnrolmentProgressWriter(output, "  "), cancellationToken);
            var caPath = line.Get("--ca-out") ?? (source is SimulatorCardSource { StateFile: { } state } ? state + ".ca.cer" : null);
            if (result.IsIssued && caPath is not null)
            {
                await File.WriteAllBytesAsync(caPath, authority.RootCertificate.RawData, cancellationToken);
            }

            if (line.Json)
            {
                CardCommandRunner.WriteJson(output, new
                {
                    result.Outcome,
                    result.CardSerial,
                    Channel = channel,
                    result.Decision,
                    result.Message,
                    Rejection = result.FingerRejection?.Reason,
                    ConnectionTest = result.ConnectionTest?.Outcome,
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
    }

    private static async Task<int> InspectOrResetAsync(CommandLine line, TextWriter output, CancellationToken cancellationToken)
    {
        if (line.Has("--inspect") && line.Has("--reset"))
        {
            throw new UsageException("give either --inspect or --reset.");
        }

        var source = line.GetCardSource();
        await using var card = await source.OpenAsync(cancellationToken);
        using var authority = new DevelopmentCertificateAuthority();
        var desk = new EnrolmentDesk(authority, new EnrolmentPolicy(TimeProvider.System));
        if (line.Has("--reset"))
        {
            await desk.ResetAsync(card, cancellationToken);
            output.WriteLine($"Card {card.Serial}: unfinished personalisation erased; the card is blank.");
            return ExitCodes.Success;
        }

        var inspection = await desk.InspectAsync(card, cancellationToken);
        if (line.Json)
        {
            CardCommandRunner.WriteJson(output, new
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
}
