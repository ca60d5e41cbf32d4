using System.CommandLine;
using Casd.Card.RemoteAccess;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>casd-card challenge</c>: the server's first step of a login: a fresh single-use challenge
/// for an audience, recorded in the login state store, printed in hexadecimal as the last line for
/// <c>authenticate --challenge</c>; <c>check-assertion</c> later redeems it from the same store.
/// </summary>
internal sealed class ChallengeCommand : ICliCommand
{
    /// <summary>The longest lifetime --ttl accepts: a login takes seconds.</summary>
    public const int MaxTtlSeconds = 3600;

    /// <summary>The verifier's own default lifetime, for the help text.</summary>
    private static readonly TimeSpan DefaultLifetime = new LoginAssertionVerifierOptions { Audience = "-", TrustAnchors = [] }.ChallengeLifetime;

    public Command Build()
    {
        var audience = CommonOptions.Audience("The server the login is for; the card signs its SHA-256 and check-assertion must name the same.", required: true);
        var store = CommonOptions.Store();
        var ttl = new Option<int?>("--ttl")
        {
            HelpName = "SECONDS",
            Description = $"How long the challenge is accepted, 1 to {MaxTtlSeconds} seconds (default: the verifier's, {DefaultLifetime.TotalSeconds:0}).",
        };
        ttl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > MaxTtlSeconds)
            {
                result.AddError($"--ttl must be 1 to {MaxTtlSeconds} seconds.");
            }
        });
        var json = CommonOptions.Json();
        var command = new Command("challenge", "Issue a login challenge for an audience (the server's side), recorded in the login state store; prints it in hexadecimal as the last line.");
        command.Add(audience);
        command.Add(store);
        command.Add(ttl);
        command.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(
            new Request(result.GetRequiredValue(audience), result.GetRequiredValue(store), result.GetValue(ttl), result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CardCommandRunner.RunAsync("challenge", error, async () =>
        {
            if (!request.Store.IsShared)
            {
                error.WriteLine("casd-card challenge: the challenge is kept in this command's memory, which ends with it; only a shared store (--store redis=HOST:PORT) lets another process (check-assertion, a server) check the answer.");
            }

            await using var opened = await request.Store.OpenAsync(cancellationToken);

            var issuer = new LoginChallengeIssuer(request.Audience, opened.Store, request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            var issuedAt = TimeProvider.System.GetUtcNow();
            var challenge = await issuer.IssueAsync(cancellationToken);
            var expiresAt = issuedAt + issuer.Lifetime;
            var hex = Convert.ToHexString(challenge);
            if (request.Json)
            {
                JsonOutput.Write(output, new
                {
                    Challenge = hex,
                    request.Audience,
                    ExpiresAt = expiresAt,
                    LifetimeSeconds = (int)issuer.Lifetime.TotalSeconds,
                    Store = request.Store.ToString(),
                });
            }
            else
            {
                output.WriteLine($"Challenge for audience '{request.Audience}', {challenge.Length} bytes, valid {issuer.Lifetime.TotalSeconds:0} s (until {expiresAt:yyyy-MM-ddTHH:mm:ssZ}), stored in {request.Store}:");
                output.WriteLine(hex);
            }

            return ExitCodes.Success;
        });

    /// <summary>The parsed command line, one property per option.</summary>
    private sealed record Request(string Audience, LoginStoreChoice Store, int? TtlSeconds, bool Json);
}
