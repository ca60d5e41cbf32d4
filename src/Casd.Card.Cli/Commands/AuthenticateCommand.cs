using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Cli.CardSources;
using Casd.Card.RemoteAccess;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card authenticate</c>: the remote-access login: checks, match-on-card, signed challenge.</summary>
internal sealed class AuthenticateCommand(Func<ICardReaderProvider>? readers = null) : ICliCommand
{
    public Command Build()
    {
        var source = new CardSourceOptions(readers);
        var finger = CommonOptions.Finger("The live capture: an ISO/IEC 19794-2 or ANSI 378 minutiae record.");
        var project = CommonOptions.Project("The project the login is for; the card must be of this project.");
        var challenge = new Option<byte[]?>("--challenge")
        {
            HelpName = "HEX",
            Description = "The server's challenge, 16 to 128 bytes in hexadecimal (default: 32 random bytes).",
            CustomParser = ParseChallenge,
        };
        var trust = new Option<FileInfo>("--trust")
        {
            HelpName = "CA-CERT",
            Description = "The CA certificate (DER) to run the server-side check of the assertion against (default: STATE-FILE.ca.cer when present).",
        }.AcceptExistingOnly();
        var firstFingerOnly = CommonOptions.FirstFingerOnly();
        var json = CommonOptions.Json();
        var command = new Command("authenticate", "Log in as the remote-access client: check the card, match, sign a challenge. Exit code 0 when the card signed (and the server-side check passed).");
        source.AddTo(command);
        command.Add(finger);
        command.Add(project);
        command.Add(challenge);
        command.Add(trust);
        command.Add(firstFingerOnly);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(
            source.Create(result),
            new Request(
                result.GetRequiredValue(finger),
                result.GetRequiredValue(project),
                // Not "GetValue ?? …": the parser gives an absent array option an empty array.
                result.GetResult(challenge) is null ? RandomNumberGenerator.GetBytes(32) : result.GetRequiredValue(challenge)!,
                result.GetValue(trust),
                !result.GetValue(firstFingerOnly),
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static byte[]? ParseChallenge(ArgumentResult result)
    {
        byte[] challenge;
        try
        {
            challenge = Convert.FromHexString(result.Tokens[0].Value);
        }
        catch (FormatException)
        {
            result.AddError("--challenge must be hexadecimal.");
            return null;
        }

        if (challenge.Length is < 16 or > 128)
        {
            result.AddError("--challenge must be 16 to 128 bytes.");
            return null;
        }

        return challenge;
    }

    private static Task<int> RunAsync(CardSource source, Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("authenticate", error, async () =>
        {
            string? channel = null;
            source.ChannelReport = c => channel = c;
            var trust = request.Trust ?? (source is SimulatorCardSource { StateFile: { } state } && File.Exists(state + ".ca.cer") ? new FileInfo(state + ".ca.cer") : null);
            var challenge = request.Challenge;
            var record = await CardCommandRunner.ReadFileAsync(request.Finger, cancellationToken);
            await using var connected = await source.OpenAsync(cancellationToken);
            var client = new RemoteAccessClient(new RemoteAccessOptions(request.Project, new EnrolmentPolicy(TimeProvider.System)) { AllowSecondFinger = request.AllowSecondFinger });
            var result = await client.LoginAsync(connected, record, challenge, cancellationToken);
            LoginVerificationResult? server = null;
            if (result.Assertion is { } assertion && trust is not null)
            {
                using var anchor = X509CertificateLoader.LoadCertificate(await CardCommandRunner.ReadFileAsync(trust, cancellationToken));
                server = new LoginAssertionVerifier([anchor]).Verify(assertion, challenge, request.Project);
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
                    Challenge = Convert.ToHexString(challenge),
                    Signature = result.Assertion is { } a ? Convert.ToBase64String(a.Signature.Span) : null,
                    Certificate = result.Assertion is { } c ? Convert.ToBase64String(c.CertificateChain[0].Span) : null,
                    ServerCheck = server,
                });
            }
            else
            {
                output.WriteLine($"Card {result.CardSerial}: {result.Reason}");
                output.WriteLine($"  channel     {channel ?? "none opened"}");
                if (result.Assertion is { } a)
                {
                    output.WriteLine($"  challenge   {Convert.ToHexString(challenge)}");
                    output.WriteLine($"  signature   {Convert.ToBase64String(a.Signature.Span)}");
                    output.WriteLine($"  certificate {a.CertificateChain[0].Length} bytes (DER)");
                    output.WriteLine(server is null ? "  server check skipped (no --trust CA certificate)" : $"  server check: {(server.IsValid ? "accepted" : "REFUSED")} ({server.Reason})");
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
    private sealed record Request(FileInfo Finger, string Project, byte[] Challenge, FileInfo? Trust, bool AllowSecondFinger, bool Json);
}
