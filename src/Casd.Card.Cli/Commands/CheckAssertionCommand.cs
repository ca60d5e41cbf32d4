using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Casd.Card.Interface;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card check-assertion</c>: the server's second step of a login: runs
/// <see cref="LoginAssertionVerifier"/> on an assertion file (<c>authenticate --out</c>) and redeems
/// its challenge in the login state store. Last line <c>accepted</c> (exit 0) or
/// <c>refused: REASON: sentence</c> (exit 1).
/// </summary>
internal sealed class CheckAssertionCommand : ICliCommand
{
    public Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The login assertion (JSON), as 'casd-card authenticate --out' wrote it." }.AcceptExistingOnly();
        var trust = CommonOptions.Trust("The CA certificate (DER or PEM) that issues the card certificates, such as STATE-FILE.ca.cer.", required: true);
        var audience = CommonOptions.Audience("This server's identifier: the card must have signed for it, and the challenge must have been issued for it.", required: true);
        var store = CommonOptions.Store();
        var crls = new Option<FileInfo[]>("--crl")
        {
            HelpName = "FILE",
            Description = "A CRL (DER) of the CA; repeatable. With one, revocation is required (a card not covered by a current CRL is refused); without, it is not checked.",
        }.AcceptExistingOnly();
        var kind = new Option<string?>("--require-kind")
        {
            HelpName = "health|standard",
            Description = "Refuse an enrolment of the other kind (a health-data project requires 'health').",
        }.AcceptOnlyFromAmong("health", "standard");
        var project = CommonOptions.Project("Refuse a card of another project (default: any project).", required: false);
        var json = CommonOptions.Json();
        var command = new Command("check-assertion", "Verify a login assertion as the server does (audience, single-use challenge from the store, chain, revocation, enrolment, counter). Last line 'accepted' (exit 0) or 'refused: REASON: why' (exit 1).");
        command.Add(file);
        command.Add(trust);
        command.Add(audience);
        command.Add(store);
        command.Add(crls);
        command.Add(kind);
        command.Add(project);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(
            new Request(
                result.GetRequiredValue(file),
                result.GetRequiredValue(trust),
                result.GetRequiredValue(audience),
                result.GetRequiredValue(store),
                result.GetValue(crls) ?? [],
                result.GetValue(kind) switch { "health" => EnrolmentKind.Health, "standard" => EnrolmentKind.Standard, _ => null },
                result.GetValue(project),
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("check-assertion", error, async () =>
        {
            var assertion = await ReadBoundedAsync(request.File, LoginAssertion.MaxJsonLength + 1, cancellationToken);
            using var anchor = await LoadAnchorAsync(request.Trust, cancellationToken);
            if (anchor is null)
            {
                error.WriteLine($"casd-card check-assertion: '{request.Trust}' is not an X.509 certificate (DER or PEM); give the CA certificate, such as STATE-FILE.ca.cer.");
                return ExitCodes.Failure;
            }

            var crls = new List<ReadOnlyMemory<byte>>();
            foreach (var crl in request.Crls)
            {
                crls.Add(await CardCommandRunner.ReadFileAsync(crl, cancellationToken));
            }

            if (crls.Count == 0)
            {
                error.WriteLine("casd-card check-assertion: warning: no --crl given, so revocation is not checked (a revoked card would be accepted).");
            }

            if (!request.Store.IsShared)
            {
                error.WriteLine("casd-card check-assertion: the in-memory store knows no challenge issued by another process, so a sound assertion ends in UnknownChallenge; give the --store that 'casd-card challenge' used.");
            }

            var options = new LoginAssertionVerifierOptions
            {
                Audience = request.Audience,
                TrustAnchors = [anchor],
                ProjectCode = request.Project,
                RequiredKind = request.Kind,
                Revocation = crls.Count > 0 ? RevocationMode.Required : RevocationMode.Off,
                CertificateRevocationLists = crls,
            };
            await using var opened = await request.Store.OpenAsync(cancellationToken);
            LoginAssertionVerifier verifier;
            try
            {
                verifier = new LoginAssertionVerifier(options, opened.Store);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"casd-card check-assertion: a --crl file is not usable ({ex.Message}); give the CA's CRL in DER.");
                return ExitCodes.Failure;
            }

            var verdict = await verifier.VerifyAsync(assertion, cancellationToken);
            if (request.Json)
            {
                JsonOutput.Write(output, new
                {
                    Accepted = verdict.IsValid,
                    verdict.Reason,
                    verdict.Message,
                    verdict.CardSerial,
                    verdict.ProjectCode,
                    verdict.Statement?.SignatureCounter,
                    request.Audience,
                    Store = request.Store.ToString(),
                    Revocation = options.Revocation,
                });
            }
            else
            {
                output.WriteLine(verdict.IsValid
                    ? $"{verdict.Message}; store {request.Store}"
                    : verdict.Statement is { } statement
                        ? $"Card {statement.CardSerial} of project {statement.ProjectCode}, signature {statement.SignatureCounter}, for audience '{request.Audience}', store {request.Store}:"
                        : $"Assertion {request.File.Name}, for audience '{request.Audience}':");
                output.WriteLine(verdict.IsValid ? "accepted" : $"refused: {verdict.Reason}: {verdict.Message}");
            }

            return verdict.IsValid ? ExitCodes.Success : ExitCodes.Failure;
        });

    /// <summary>The trust anchor, or <see langword="null"/> when the file is not a certificate.</summary>
    private static async Task<X509Certificate2?> LoadAnchorAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var bytes = await CardCommandRunner.ReadFileAsync(file, cancellationToken);
        try
        {
            return X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes: an assertion is small, and a huge file is refused as malformed without being read whole.</summary>
    private static async Task<byte[]> ReadBoundedAsync(FileInfo file, int limit, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"File '{file}' does not exist.", file.FullName);
        }

        await using var stream = file.OpenRead();
        var buffer = new byte[limit];
        var read = await stream.ReadAtLeastAsync(buffer, limit, throwOnEndOfStream: false, cancellationToken);
        return buffer[..read];
    }

    /// <summary>The parsed command line, one property per option.</summary>
    private sealed record Request(FileInfo File, FileInfo Trust, string Audience, LoginStoreChoice Store, FileInfo[] Crls, EnrolmentKind? Kind, string? Project, bool Json);
}
