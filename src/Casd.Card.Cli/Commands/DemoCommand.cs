using System.CommandLine;
using System.Security.Cryptography;
using Casd.Card.Cli.CardSources;
using Casd.Card.Cli.Demo;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card demo</c>: the whole life of a card on the embedded simulator, each step checked
/// against what it must do; exit code 0 only when every step behaved as expected.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    private const int Steps = 5;
    private const string Audience = "https://remote.casd.demo";

    public Command Build()
    {
        var command = new Command("demo", "Run the whole life of a card on the embedded simulator; exit code 0 only if every step behaved as expected.");
        command.SetAction((result, cancellationToken) =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            return CardCommandRunner.RunAsync("demo", error, () => RunDemoAsync(output, error, cancellationToken));
        });
        return command;
    }

    private static async Task<int> RunDemoAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var clock = new DemoClock();
        var policy = new EnrolmentPolicy(clock);
        using var authority = new DevelopmentCertificateAuthority(clock);
        var desk = new EnrolmentDesk(authority, policy, clock);
        var fingers = DemoFingers.Load();
        string? channel = null;
        var failures = 0;
        output.WriteLine("casd-card demo: the life of a CASD card on the embedded simulator");
        output.WriteLine($"Fingers: {fingers.Source}");
        output.WriteLine("Cards: simulated, enforcing the access rules; desk channel SCP03 with the development desk master key, client channel SCP11b against the development CA (not for production).");
        output.WriteLine();

        void Check(int step, string title, bool ok, string detail)
        {
            output.WriteLine($"Step {step}/{Steps}  {title,-52} {(ok ? "OK" : "UNEXPECTED")}");
            output.WriteLine($"          {detail}");
            output.WriteLine();
            if (!ok)
            {
                failures++;
            }
        }

        // 1. Full enrolment, two fingers.
        SimulatorCardSource Source() => new(null) { Clock = clock, ChannelReport = c => channel = c };
        var cardA = Source();
        var request = new EnrolmentRequest(
            new HolderIdentity("R-2026-0001", "Curie", "Marie"),
            new ProjectInfo("P-ALPHA", "Hospital stays 2015-2023"),
            EnrolmentKind.Health,
            LastFullEnrolmentDate: null,
            "2026.1",
            [fingers.First, fingers.Second],
            fingers.First);
        EnrolmentResult full;
        channel = null;
        await using (var connected = await cardA.OpenAsync(cancellationToken))
        {
            var card = connected;
            output.WriteLine($"Step 1/{Steps}  full enrolment at the desk: card {card.Serial}, project P-ALPHA, two fingers");
            full = await desk.EnrolAsync(card, request, new EnrolmentProgressWriter(output, "          "), cancellationToken);
        }

        var deskChannel = channel;
        Check(1, "full enrolment issued the card over SCP03", full.IsIssued && full.Decision.Procedure == EnrolmentProcedure.Full && IsScp03(deskChannel), $"{full.Message} Channel: {deskChannel ?? "none"}.");

        // 2. Remote-access login with the enrolled finger.
        var verifier = new LoginAssertionVerifier(
            new LoginAssertionVerifierOptions
            {
                Audience = Audience,
                TrustAnchors = [authority.RootCertificate],
                ProjectCode = "P-ALPHA",
                RequiredKind = EnrolmentKind.Health,
                CertificateRevocationLists = [await authority.PublishCrlAsync(cancellationToken)],
            },
            timeProvider: clock);
        var client = new RemoteAccessClient(new RemoteAccessOptions("P-ALPHA", policy) { AllowSecondFinger = false });
        var challenge = await verifier.IssueChallengeAsync(cancellationToken);
        RemoteAccessResult login;
        channel = null;
        await using (var connected = await cardA.OpenAsync(cancellationToken))
        {
            login = await client.LoginAsync(connected, fingers.FirstAgain, Audience, challenge, cancellationToken);
        }

        var clientChannel = channel;
        var server = login.Assertion is { } assertion ? await verifier.VerifyAsync(assertion, cancellationToken) : null;
        Check(
            2,
            "login over SCP11b, new capture of finger 1 succeeds",
            login.IsAuthenticated && server is { IsValid: true } && clientChannel is not null && clientChannel.StartsWith("SCP11b", StringComparison.Ordinal),
            $"{login.Reason} Server: {server?.Message ?? "no assertion"}. Channel: {clientChannel ?? "none"}.");

        // 3. A wrong finger fails and costs a try.
        RemoteAccessResult wrong;
        await using (var connected = await cardA.OpenAsync(cancellationToken))
        {
            wrong = await client.LoginAsync(connected, fingers.Wrong, Audience, RandomNumberGenerator.GetBytes(32), cancellationToken);
        }

        Check(3, "a wrong finger is refused, retries shown", wrong.Verification is { Outcome: VerificationOutcome.NoMatch, RetriesLeft: CasdCardInterface.MaxRetries - 1 }, wrong.Reason);

        // 4. Express enrolment for a second project, on a new card.
        var cardB = Source();
        EnrolmentResult express;
        channel = null;
        await using (var connected = await cardB.OpenAsync(cancellationToken))
        {
            var card = connected;
            output.WriteLine($"Step 4/{Steps}  express enrolment for project P-BETA: new card {card.Serial}");
            express = await desk.EnrolAsync(
                card,
                request with { Project = new ProjectInfo("P-BETA", "Cohort follow-up"), Kind = EnrolmentKind.Standard, LastFullEnrolmentDate = full.Decision.FullEnrolmentDate, FingerRecords = [fingers.First] },
                new EnrolmentProgressWriter(output, "          "),
                cancellationToken);
        }

        Check(
            4,
            "express enrolment keeps the full-enrolment date",
            express.IsIssued && express.Decision.Procedure == EnrolmentProcedure.Express && express.Decision.FullEnrolmentDate == full.Decision.FullEnrolmentDate && IsScp03(channel),
            $"{express.Message} Full enrolment {express.Decision.FullEnrolmentDate:yyyy-MM-dd}.");

        // 5. Four years later the first card is refused.
        clock.MoveForward(TimeSpan.FromDays((365 * EnrolmentPolicy.ValidityYears) + 2));
        RemoteAccessResult late;
        await using (var connected = await cardA.OpenAsync(cancellationToken))
        {
            late = await client.LoginAsync(connected, fingers.First, Audience, RandomNumberGenerator.GetBytes(32), cancellationToken);
        }

        Check(5, $"login on {policy.Today:yyyy-MM-dd} is refused (validity over)", late.Outcome == RemoteAccessOutcome.EnrolmentExpired, late.Reason);

        if (failures == 0)
        {
            output.WriteLine($"All {Steps} steps behaved as expected.");
            return ExitCodes.Success;
        }

        error.WriteLine($"casd-card demo: {failures} of {Steps} steps did not behave as expected; see the lines marked UNEXPECTED.");
        return ExitCodes.Failure;
    }

    private static bool IsScp03(string? channel) => channel is not null && channel.StartsWith("SCP03", StringComparison.Ordinal);
}
