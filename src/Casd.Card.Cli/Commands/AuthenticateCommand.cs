using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card authenticate</c>: the remote-access login: checks, match-on-card, signed challenge.</summary>
internal sealed class AuthenticateCommand : ICliCommand
{
    public string Name => "authenticate";

    public string Summary => "Log in as the remote-access client: check the card, match, sign a challenge.";

    public string Usage => """
        Usage: casd-card authenticate (--simulator [STATE-FILE] | --reader NAME) --finger RECORD --project CODE
                 [--challenge HEX] [--trust CA-CERT] [--first-finger-only] [--json]
          --challenge defaults to 32 random bytes; --trust (default STATE-FILE.ca.cer when present) also runs
          the server-side check of the assertion. Exit code 0 when the card signed (and the check passed).
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var line = CommandLine.ParseWithCardSource(args, ["--finger", "--project", "--challenge", "--trust"], ["--first-finger-only"]);
        var finger = line.Require("--finger");
        var project = line.Require("--project");
        byte[] challenge;
        try
        {
            challenge = line.Get("--challenge") is { } hex ? Convert.FromHexString(hex) : RandomNumberGenerator.GetBytes(32);
        }
        catch (FormatException ex)
        {
            throw new UsageException("--challenge must be hexadecimal.", ex);
        }

        if (challenge.Length is < 16 or > 128)
        {
            throw new UsageException("--challenge must be 16 to 128 bytes.");
        }

        return CardCommandRunner.RunAsync(Name, error, async () =>
        {
            var source = line.GetCardSource();
            string? channel = null;
            source.ChannelReport = c => channel = c;
            var trustPath = line.Get("--trust") ?? (source is CardSources.SimulatorCardSource { StateFile: { } state } && File.Exists(state + ".ca.cer") ? state + ".ca.cer" : null);
            var record = await CardCommandRunner.ReadFileAsync(finger, cancellationToken);
            await using var card = await source.OpenAsync(cancellationToken);
            var client = new RemoteAccessClient(new RemoteAccessOptions(project, new EnrolmentPolicy(TimeProvider.System)) { AllowSecondFinger = !line.Has("--first-finger-only") });
            var result = await client.LoginAsync(card, record, challenge, cancellationToken);
            LoginVerificationResult? server = null;
            if (result.Assertion is { } assertion && trustPath is not null)
            {
                using var anchor = X509CertificateLoader.LoadCertificate(await CardCommandRunner.ReadFileAsync(trustPath, cancellationToken));
                server = new LoginAssertionVerifier([anchor]).Verify(assertion, challenge, project);
            }

            if (line.Json)
            {
                CardCommandRunner.WriteJson(output, new
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
    }
}
