using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Casd.Card.Biometrics;
using Casd.Card.Cli.Demo;
using Casd.Card.Testing;

namespace Casd.Card.Cli.Tests;

/// <summary>
/// <c>challenge</c> and <c>check-assertion</c>, the server's two steps of a login: their command
/// lines, their answers without a shared store, and the whole login across separate processes
/// through the Redis of CASD_REDIS (skipped locally without it, failed under CI=true).
/// </summary>
public sealed class LoginCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-login-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_folder, "card.nvm");

    private string Assertion => Path.Combine(_folder, "assertion.json");

    private string Anchor => Path.Combine(_folder, "ca.cer");

    [Fact]
    public async Task The_help_of_each_lists_its_options()
    {
        var (exit, output, _) = await CliInProcess.RunAsync("challenge", "--help");
        Assert.Equal(0, exit);
        Assert.All(["--audience <ID> (REQUIRED)", "--store <memory|redis=HOST:PORT>", "--ttl <SECONDS>", "--json"], o => Assert.Contains(o, output, StringComparison.Ordinal));

        (exit, output, _) = await CliInProcess.RunAsync("check-assertion", "--help");
        Assert.Equal(0, exit);
        Assert.Contains(" check-assertion <FILE> [options]", output, StringComparison.Ordinal);
        Assert.All(["--trust <CA-CERT> (REQUIRED)", "--audience <ID> (REQUIRED)", "--store", "--crl <FILE>", "--require-kind <health|standard>", "--project <CODE>", "--json"], o => Assert.Contains(o, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("challenge", "Option '--audience' is required.")]
    [InlineData("challenge --audience A --store bogus", "--store must be 'memory' or 'redis=HOST:PORT', not 'bogus'.")]
    [InlineData("challenge --audience A --store redis=localhost", "--store redis=HOST:PORT needs a host and a port, such as redis=127.0.0.1:6379, not 'redis=localhost'.")]
    [InlineData("challenge --audience A --store redis=:6379", "needs a host and a port")]
    [InlineData("challenge --audience A --store redis=a,password=x:6379", "needs a host and a port")]
    [InlineData("challenge --audience A --store redis=127.0.0.1:70000", "--store redis=HOST:PORT needs a port from 1 to 65535, not '70000'.")]
    [InlineData("challenge --audience A --store redis=127.0.0.1:x", "needs a port from 1 to 65535")]
    [InlineData("challenge --audience A --ttl 0", "--ttl must be 1 to 3600 seconds.")]
    [InlineData("challenge --audience A --ttl 3601", "--ttl must be 1 to 3600 seconds.")]
    [InlineData("check-assertion FILE --audience A", "Option '--trust' is required.")]
    [InlineData("check-assertion FILE --trust CA", "Option '--audience' is required.")]
    [InlineData("check-assertion --trust CA --audience A", "Required argument missing")]
    [InlineData("check-assertion FILE --trust CA --audience A --require-kind secret", "Argument 'secret' not recognized. Must be one of:")]
    [InlineData("check-assertion FILE --trust CA --audience A --store redis=nohost", "needs a host and a port")]
    [InlineData("check-assertion ABSENT --trust CA --audience A", "File does not exist")]
    [InlineData("check-assertion FILE --trust ABSENT --audience A", "File does not exist")]
    [InlineData("check-assertion FILE --trust CA --audience A --crl ABSENT", "File does not exist")]
    public async Task Bad_arguments_exit_2_with_the_reason_and_the_usage(string commandLine, string reason)
    {
        await WriteAnchorAsync();
        await File.WriteAllTextAsync(Assertion, "{}", Ct);
        var args = commandLine.Split(' ').Select(a => a switch
        {
            "FILE" => Assertion,
            "CA" => Anchor,
            "ABSENT" => Path.Combine(_folder, "absent"),
            _ => a,
        }).ToArray();

        var (exit, output, error) = await CliInProcess.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains($" {args[0]} ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_without_a_store_is_printed_last_and_the_tool_says_no_one_else_can_check_it()
    {
        var (exit, output, error) = await CliInProcess.RunAsync("challenge", "--audience", "https://remote.casd.test");

        Assert.True(exit == 0, error);
        Assert.Matches("^[0-9A-F]{64}$", LastLine(output));
        Assert.Contains("only a shared store (--store redis=HOST:PORT) lets another process", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_challenge_in_json_gives_the_hex_the_audience_and_the_lifetime()
    {
        var (exit, output, error) = await CliInProcess.RunAsync("challenge", "--audience", "A", "--ttl", "30", "--store", "memory", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Matches("^[0-9A-F]{64}$", json.RootElement.GetProperty("challenge").GetString());
        Assert.Equal("A", json.RootElement.GetProperty("audience").GetString());
        Assert.Equal(30, json.RootElement.GetProperty("lifetimeSeconds").GetInt32());
        Assert.Equal("memory", json.RootElement.GetProperty("store").GetString());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":\"casd-login-assertion\",\"version\":2}")]
    [InlineData("")]
    public async Task A_malformed_assertion_is_a_refusal_with_exit_1(string content)
    {
        await WriteAnchorAsync();
        await File.WriteAllTextAsync(Assertion, content, Ct);

        var (exit, output, error) = await CliInProcess.RunAsync("check-assertion", Assertion, "--trust", Anchor, "--audience", "A");

        Assert.Equal(1, exit);
        Assert.StartsWith("refused: Malformed: the assertion is malformed: ", LastLine(output), StringComparison.Ordinal);
        Assert.Contains("warning: no --crl given, so revocation is not checked", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_assertion_file_is_refused_as_malformed_without_being_read_whole()
    {
        await WriteAnchorAsync();
        await using (var big = File.Create(Assertion))
        {
            big.SetLength(64L * 1024 * 1024);
        }

        var (exit, output, _) = await CliInProcess.RunAsync("check-assertion", Assertion, "--trust", Anchor, "--audience", "A", "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("accepted").GetBoolean());
        Assert.Equal("Malformed", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_trust_file_that_is_not_a_certificate_fails_in_one_line()
    {
        await File.WriteAllTextAsync(Assertion, "{}", Ct);
        await File.WriteAllTextAsync(Anchor, "not a certificate", Ct);

        var (exit, _, error) = await CliInProcess.RunAsync("check-assertion", Assertion, "--trust", Anchor, "--audience", "A");

        Assert.Equal(1, exit);
        Assert.Contains("is not an X.509 certificate (DER or PEM)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crl_file_that_is_not_a_crl_fails_in_one_line()
    {
        await WriteAnchorAsync();
        await File.WriteAllTextAsync(Assertion, "{}", Ct);
        var crl = Path.Combine(_folder, "ca.crl");
        await File.WriteAllBytesAsync(crl, [0x30, 0x03, 0x02, 0x01, 0x00], Ct);

        var (exit, output, error) = await CliInProcess.RunAsync("check-assertion", Assertion, "--trust", Anchor, "--audience", "A", "--crl", crl);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("a --crl file is not usable", error, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: no --crl", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_store_fails_in_one_line_that_names_it()
    {
        var endpoint = "127.0.0.1:" + ClosedPort();

        var (exit, output, error) = await CliInProcess.RunAsync("challenge", "--audience", "A", "--store", "redis=" + endpoint);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"casd-card challenge: Could not connect to the login state store on Redis at {endpoint}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_across_processes_through_redis_is_accepted_once_and_only_for_its_audience()
    {
        var redis = "redis=" + RedisEnvironment.Require();
        const string Audience = "https://remote.casd.test";
        var finger1 = Path.Combine(_folder, "finger1.iso");
        var finger2 = Path.Combine(_folder, "finger2.iso");
        await File.WriteAllBytesAsync(finger1, DemoFingers.Generate(1, FingerPosition.RightIndex), Ct);
        var test = Path.Combine(_folder, "test1.iso");
        await File.WriteAllBytesAsync(finger2, DemoFingers.Generate(2, FingerPosition.LeftIndex), Ct);
        await File.WriteAllBytesAsync(test, DemoFingers.Generate(1, FingerPosition.RightIndex, impression: 2), Ct);
        var (exit, output, error) = await CliProcess.RunAsync(Ct, "enrol", "--simulator", State, "--holder", "R-9", "--family", "Doe", "--project", "P-CLI", "--finger", finger1, "--finger", finger2, "--test", test);
        Assert.True(exit == 0, error);

        (exit, output, error) = await CliProcess.RunAsync(Ct, "challenge", "--audience", Audience, "--store", redis);
        Assert.True(exit == 0, error);
        var challenge = LastLine(output);
        Assert.Matches("^[0-9A-F]{64}$", challenge);

        (exit, _, error) = await CliProcess.RunAsync(Ct, "authenticate", "--simulator", State, "--finger", finger1, "--project", "P-CLI", "--audience", Audience, "--challenge", challenge, "--out", Assertion);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Assertion));

        string[] check = ["check-assertion", Assertion, "--trust", State + ".ca.cer", "--audience", Audience, "--store", redis];
        (exit, output, error) = await CliProcess.RunAsync(Ct, check);
        Assert.True(exit == 0, error + output);
        Assert.Equal("accepted", LastLine(output));

        // The same assertion again, from another process: a replay.
        (exit, output, _) = await CliProcess.RunAsync(Ct, check);
        Assert.Equal(1, exit);
        Assert.Equal("refused: ReplayedChallenge: the challenge was already used: this assertion is a replay", LastLine(output));

        // At another server.
        (exit, output, _) = await CliProcess.RunAsync(Ct, [.. check[..4], "--audience", "https://other.casd.test", "--store", redis]);
        Assert.Equal(1, exit);
        Assert.StartsWith("refused: WrongAudience: ", LastLine(output), StringComparison.Ordinal);

        // A health-data project refuses the card's standard enrolment (before the store is asked).
        (exit, output, _) = await CliProcess.RunAsync(Ct, [.. check, "--require-kind", "health"]);
        Assert.Equal(1, exit);
        Assert.StartsWith("refused: WrongEnrolmentKind: ", LastLine(output), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].TrimEnd('\r');

    /// <summary>A loopback port where nothing listens (taken, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WriteAnchorAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(Anchor, certificate.RawData, Ct);
    }
}
