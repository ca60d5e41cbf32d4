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
    private const int Steps = 6;
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

        // 1. Full enrolment, two fingers; it ends with the connection test, a real login.
        SimulatorCardSource Source() => new(null) { Clock = clock, ChannelReport = c => channel = c };
        var cardA = Source();
        var request = new EnrolmentRequest(
            new HolderIdentity("R-2026-0001", "Curie", "Marie"),
            new ProjectInfo("P-ALPHA", "Hospital stays 2015-2023"),
            EnrolmentKind.Health,
            LastFullEnrolmentDate: null,
            "2026.1",
            [fingers.First, fingers.Second],
            fingers.FirstAgain);
        EnrolmentResult full;
        string? deskChannel = null;
        channel = null;
        await using (var card = await cardA.OpenAsync(cancellationToken))
        {
            output.WriteLine($"Step 1/{Steps}  full enrolment at the desk: card {card.Serial}, project P-ALPHA, two fingers");
            var progress = new EnrolmentProgressWriter(output, "          ");
            full = await desk.EnrolAsync(card, request, new Progress(p =>
            {
                // The desk's channel is the first one opened; the connection test opens SCP11b after it.
                deskChannel ??= channel;
                progress.Report(p);
            }), cancellationToken);
        }

        Check(
            1,
            "full enrolment over SCP03, connection test logged in",
            full.IsIssued && full.Decision.Procedure == EnrolmentProcedure.Full && IsScp03(deskChannel) && full.ConnectionTestVerdict is { IsValid: true },
            $"{full.Message} Channel: {deskChannel ?? "none"}.");

        // 2. Remote-access login with the enrolled finger, checked by the server.
        var crl = await authority.PublishCrlAsync(cancellationToken);
        LoginAssertionVerifier Server() => new(
            new LoginAssertionVerifierOptions
            {
                Audience = Audience,
                TrustAnchors = authority.TrustAnchors,
                ProjectCode = "P-ALPHA",
                RequiredKind = EnrolmentKind.Health,
                CertificateRevocationLists = [crl],

                // The demo's clock jumps years ahead; the CA's CRL stays current only in real time.
                Revocation = RevocationMode.Required,
                StaleCrlGrace = TimeSpan.FromDays(365 * 10),
            },
            timeProvider: clock);
        var server = Server();
        var client = new RemoteAccessClient(new RemoteAccessOptions("P-ALPHA", policy) { AllowSecondFinger = false });
        RemoteAccessResult login;
        channel = null;
        await using (var card = await cardA.OpenAsync(cancellationToken))
        {
            login = await client.LoginAsync(card, fingers.FirstAgain, Audience, await server.IssueChallengeAsync(cancellationToken), cancellationToken);
        }

        var clientChannel = channel;
        var verdict = login.Assertion is { } assertion ? await server.VerifyAsync(assertion, cancellationToken) : null;
        Check(
            2,
            "login over SCP11b, the server accepts the assertion",
            login.IsAuthenticated && verdict is { IsValid: true } && clientChannel is not null && clientChannel.StartsWith("SCP11b", StringComparison.Ordinal),
            $"{login.Reason} Server: {verdict?.Message ?? "no assertion"}. Channel: {clientChannel ?? "none"}.");

        // 3. A wrong finger fails and costs a try.
        RemoteAccessResult wrong;
        await using (var card = await cardA.OpenAsync(cancellationToken))
        {
            wrong = await client.LoginAsync(card, fingers.Wrong, Audience, await server.IssueChallengeAsync(cancellationToken), cancellationToken);
        }

        Check(3, "a wrong finger is refused, retries shown", wrong.Verification is { Outcome: VerificationOutcome.NoMatch, RetriesLeft: CasdCardInterface.MaxRetries - 1 }, wrong.Reason);

        // 4. Express enrolment for a second project, on a new card, from the researcher's current card.
        var cardB = Source();
        EnrolmentResult? express = null;
        ExpressEnrolmentBasisResult basis;
        await using (var current = await cardA.OpenAsync(cancellationToken))
        {
            basis = await desk.ReadExpressBasisAsync(current, fingers.FirstAgain, cancellationToken);
        }

        if (basis.Basis is { } found)
        {
            channel = null;
            await using var card = await cardB.OpenAsync(cancellationToken);
            output.WriteLine($"Step 4/{Steps}  express enrolment for project P-BETA: new card {card.Serial}, from card {found.CardSerial} (full enrolment {found.FullEnrolmentDate:yyyy-MM-dd})");
            express = await desk.EnrolAsync(
                card,
                found.ToRequest(new ProjectInfo("P-BETA", "Cohort follow-up"), EnrolmentKind.Health, "2026.1", [fingers.First], fingers.FirstAgain),
                new EnrolmentProgressWriter(output, "          "),
                cancellationToken);
        }

        Check(
            4,
            "express enrolment from the current card",
            express is { IsIssued: true } && express.Decision.Procedure == EnrolmentProcedure.Express && express.Decision.FullEnrolmentDate == full.Decision.FullEnrolmentDate,
            express is null ? "The current card gave no basis: " + basis.Reason : $"{express.Message} Full enrolment {express.Decision.FullEnrolmentDate:yyyy-MM-dd}, read from card {basis.Basis!.CardSerial}.");

        // 5. Card A is lost: the CA revokes it and the server refuses its login.
        string? lostSerial = null;
        await using (var card = await cardA.OpenAsync(cancellationToken))
        {
            lostSerial = card.Serial;
        }

        await authority.RevokeCardAsync(lostSerial, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise, cancellationToken);
        crl = await authority.PublishCrlAsync(cancellationToken);
        server = Server();
        RemoteAccessResult lost;
        await using (var card = await cardA.OpenAsync(cancellationToken))
        {
            lost = await client.LoginAsync(card, fingers.FirstAgain, Audience, await server.IssueChallengeAsync(cancellationToken), cancellationToken);
        }

        var refused = lost.Assertion is { } lostAssertion ? await server.VerifyAsync(lostAssertion, cancellationToken) : null;
        Check(5, "a lost card is revoked; the server refuses its login", refused is { Reason: LoginRefusalReason.Revoked }, $"Card {lostSerial}: {refused?.Message ?? lost.Reason}.");

        // 6. Four years after the full enrolment the express card is refused too.
        clock.MoveForward(TimeSpan.FromDays((365 * EnrolmentPolicy.ValidityYears) + 2));
        RemoteAccessResult late;
        await using (var card = await cardB.OpenAsync(cancellationToken))
        {
            late = await new RemoteAccessClient(new RemoteAccessOptions("P-BETA", policy)).LoginAsync(card, fingers.FirstAgain, Audience, RandomNumberGenerator.GetBytes(32), cancellationToken);
        }

        Check(6, $"login on {policy.Today:yyyy-MM-dd} is refused (validity over)", late.Outcome == RemoteAccessOutcome.EnrolmentExpired, late.Reason);

        if (failures == 0)
        {
            output.WriteLine($"All {Steps} steps behaved as expected.");
            return ExitCodes.Success;
        }

        error.WriteLine($"casd-card demo: {failures} of {Steps} steps did not behave as expected; see the lines marked UNEXPECTED.");
        return ExitCodes.Failure;
    }

    private static bool IsScp03(string? channel) => channel is not null && channel.StartsWith("SCP03", StringComparison.Ordinal);

    /// <summary>Reports on the caller's thread, in order, as the desk's steps happen.</summary>
    private sealed class Progress(Action<EnrolmentProgress> report) : IProgress<EnrolmentProgress>
    {
        public void Report(EnrolmentProgress value) => report(value);
    }
}
