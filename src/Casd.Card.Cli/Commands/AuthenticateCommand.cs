using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Cli.CardSources;
using Casd.Card.Enrolment;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card authenticate</c>: the remote-access login: checks, match-on-card, signed challenge.</summary>
internal sealed class AuthenticateCommand(Func<ICardReaderProvider>? readers = null) : ICliCommand
{
    /// <summary>The audience when none is given: a local check of the tool's own login.</summary>
    public const string DefaultAudience = "casd-card";

    public Command Build()
    {
        var source = new CardSourceOptions(readers);
        var finger = CommonOptions.Finger("The live capture: an ISO/IEC 19794-2 or ANSI 378 minutiae record.");
        var project = CommonOptions.Project("The project the login is for; the card must be of this project.");
        var audience = CommonOptions.Audience($"The server being logged in to; the card signs its SHA-256 (default: '{DefaultAudience}').");
        var challenge = new Option<byte[]?>("--challenge")
        {
            HelpName = "HEX",
            Description = "The server's challenge, 16 to 64 bytes in hexadecimal, as 'casd-card challenge' printed it. Without it the tool issues one itself and checks the assertion locally.",
            CustomParser = CommonOptions.ParseChallenge,
        };
        var trust = CommonOptions.Trust("The CA certificate (DER) for the local server-side check (default: STATE-FILE.ca.cer when present).");
        var outFile = new Option<string>("--out")
        {
            HelpName = "PATH",
            Description = "A file: write the login assertion (JSON) there, for 'casd-card check-assertion' or a server.",
        };
        outFile.Validators.Add(PathChecks.FileInExistingFolder);
        var firstFingerOnly = CommonOptions.FirstFingerOnly();
        var json = CommonOptions.Json();
        var command = new Command("authenticate", "Log in as the remote-access client: check the card, match, have the card sign its login statement. Exit code 0 when the card signed (and the local server-side check, when run, accepted it).");
        source.AddTo(command);
        command.Add(finger);
        command.Add(project);
        command.Add(audience);
        command.Add(challenge);
        command.Add(trust);
        command.Add(outFile);
        command.Add(firstFingerOnly);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(
            source.Create(result),
            new Request(
                result.GetRequiredValue(finger),
                result.GetRequiredValue(project),
                result.GetValue(audience) ?? DefaultAudience,
                // Not "GetValue ?? …": the parser gives an absent array option an empty array.
                result.GetResult(challenge) is null ? null : result.GetRequiredValue(challenge)!,
                result.GetValue(trust),
                result.GetValue(outFile),
                !result.GetValue(firstFingerOnly),
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(CardSource source, Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("authenticate", error, async () =>
        {
            string? channel = null;
            source.ChannelReport = c => channel = c;
            var record = await CardCommandRunner.ReadFileAsync(request.Finger, cancellationToken);

            // Without a challenge from a server, the tool plays the server: it issues the challenge and
            // checks the assertion against the CA that issued the card (when known).
            var trust = request.Trust ?? (source is SimulatorCardSource { StateFile: { } state } && File.Exists(state + ".ca.cer") ? new FileInfo(state + ".ca.cer") : null);
            using var anchor = request.Challenge is null && trust is not null ? X509CertificateLoader.LoadCertificate(await CardCommandRunner.ReadFileAsync(trust, cancellationToken)) : null;
            var localServer = anchor is null ? null : new LoginAssertionVerifier(
                new LoginAssertionVerifierOptions
                {
                    Audience = request.Audience,
                    TrustAnchors = [anchor],
                    ProjectCode = request.Project,

                    // The development CA of 'enrol' lives for one run: it publishes no CRL later.
                    Revocation = RevocationMode.Off,
                });
            var challenge = request.Challenge ?? (localServer is null ? RandomNumberGenerator.GetBytes(32) : await localServer.IssueChallengeAsync(cancellationToken));

            await using var connected = await source.OpenAsync(cancellationToken);
            var client = new RemoteAccessClient(new RemoteAccessOptions(request.Project, new EnrolmentPolicy(TimeProvider.System)) { AllowSecondFinger = request.AllowSecondFinger });
            var result = await client.LoginAsync(connected, record, request.Audience, challenge, cancellationToken);
            var server = result.Assertion is { } signed && localServer is not null ? await localServer.VerifyAsync(signed, cancellationToken) : null;
            if (result.Assertion is { } written && request.Out is { } file)
            {
                await File.WriteAllBytesAsync(file, written.ToJson(), cancellationToken);
            }

            if (request.Json)
            {
                JsonOutput.Write(output, new
                {
                    result.Outcome,
                    result.CardSerial,
                    Channel = channel,
                    result.Reason,
                    Verification = result.Verification?.Outcome,
                    result.Verification?.RetriesLeft,
                    request.Audience,
                    Challenge = Convert.ToHexString(challenge),
                    SignatureCounter = result.Statement?.SignatureCounter,
                    Statement = result.Assertion is { } a ? Convert.ToBase64String(a.Statement.Span) : null,
                    Signature = result.Assertion is { } b ? Convert.ToBase64String(b.Signature.Span) : null,
                    Certificate = result.Assertion is { } c ? Convert.ToBase64String(c.CertificateChain[0].Span) : null,
                    Out = request.Out is { } path ? Path.GetFullPath(path) : null,
                    ServerCheck = server is null ? null : new { server.IsValid, server.Reason, server.Message },
                });
            }
            else
            {
                output.WriteLine($"Card {result.CardSerial}: {result.Reason}");
                output.WriteLine($"  channel     {channel ?? "none opened"}");
                if (result.Assertion is { } a && result.Statement is { } statement)
                {
                    output.WriteLine($"  audience    {request.Audience}");
                    output.WriteLine($"  challenge   {Convert.ToHexString(challenge)}");
                    output.WriteLine($"  statement   card {statement.CardSerial}, project {statement.ProjectCode}, {statement.Kind} enrolment of {statement.FullEnrolmentDate:yyyy-MM-dd}, finger {(statement.Finger == FingerReference.Primary ? 1 : 2)}, signature {statement.SignatureCounter}");
                    output.WriteLine($"  signature   {Convert.ToBase64String(a.Signature.Span)}");
                    output.WriteLine($"  certificate {a.CertificateChain[0].Length} bytes (DER)");
                    if (request.Out is { } outPath)
                    {
                        output.WriteLine($"  assertion   written to {Path.GetFullPath(outPath)}");
                    }

                    output.WriteLine(server is null
                        ? (request.Challenge is null ? "  server check skipped (no --trust CA certificate)" : "  server check: run 'casd-card check-assertion' where the challenge was issued")
                        : $"  server check: {(server.IsValid ? "accepted" : "REFUSED")} ({server.Message})");
                }
            }

            if (!result.IsAuthenticated)
            {
                error.WriteLine($"casd-card authenticate: {result.Reason}");
                return ExitCodes.Failure;
            }

            return server is { IsValid: false } ? ExitCodes.Failure : ExitCodes.Success;
        });

    /// <summary>The parsed command line, one property per option.</summary>
    private sealed record Request(FileInfo Finger, string Project, string Audience, byte[]? Challenge, FileInfo? Trust, string? Out, bool AllowSecondFinger, bool Json);
}
