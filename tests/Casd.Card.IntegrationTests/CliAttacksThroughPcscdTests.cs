using System.Diagnostics;
using System.Globalization;
using Casd.Card.IntegrationTests.Support;
using Casd.Card.Interface;
using Casd.Card.Iso7816;
using Casd.Card.Testing;

namespace Casd.Card.IntegrationTests;

/// <summary>
/// docs/attacks.md A1 exactly as the issue reported it: `casd-card simulate --state FILE` serves the
/// card behind pcscd, `casd-card verify --reader …` and `casd-card authenticate --reader …` run as
/// processes and exit, and another PC/SC client then asks the card for a signature. Required under CI=true.
/// </summary>
[Collection(PcscdTestGroup.Name)]
public sealed class CliAttacksThroughPcscdTests(PcscdEnvironment environment) : IDisposable
{
    private const string Reader = PcscdEnvironment.SimulatorReader;
    private static readonly byte[] Challenge = Enumerable.Range(0x30, 16).Select(i => (byte)i).ToArray();
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-cli-attack-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_casd_card_verify_and_authenticate_exit_another_process_gets_no_signature()
    {
        environment.Require();
        var fingers = TestRequirements.SharedTestData("fvc2002", "DB1_B");
        var state = Path.Combine(_folder, "card.nvm");
        using var simulator = Start("simulate", "--state", state, "--port", PcscdEnvironment.SimulatorPort.ToString(CultureInfo.InvariantCulture));
        try
        {
            await environment.WaitForCardAsync(Reader, present: true, Ct);
            await RunAsync("enrol", "--reader", Reader, "--holder", "R-A1", "--family", "Attacked", "--project", "P-A1",
                "--finger", Path.Combine(fingers, "101_1.iso"), "--test", Path.Combine(fingers, "101_2.iso"));

            await RunAsync("verify", "--reader", Reader, "--finger", Path.Combine(fingers, "101_3.iso"));
            AssertNoSignature();

            await RunAsync("authenticate", "--reader", Reader, "--finger", Path.Combine(fingers, "101_4.iso"), "--project", "P-A1");
            AssertNoSignature();
        }
        finally
        {
            Process.Start("kill", ["-TERM", simulator.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await simulator.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(15), Ct);
            await environment.WaitForCardAsync(Reader, present: false, Ct);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertNoSignature()
    {
        using var other = new OtherPcscProcess(Reader);
        var select = "00A404000A" + Convert.ToHexString(CasdCardInterface.Aid) + "00";
        Assert.Equal(0x9000, other.Sw(select));

        // The report's INTERNAL AUTHENTICATE twice, then the interface-2.0 signing command, all in clear.
        var internalAuthenticate = "0088000010" + Convert.ToHexString(Challenge) + "00";
        var generalAuthenticate = Convert.ToHexString(CasdCommands.GeneralAuthenticate(LoginStatement.HashAudience("https://attacker.example"), Challenge).ToArray(ApduLengthFormat.Auto));
        foreach (var attack in new[] { internalAuthenticate, internalAuthenticate, generalAuthenticate })
        {
            Assert.NotEqual(0x9000, other.Sw(attack));
        }
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "casd-card.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;

        // Drain the pipes so a chatty process never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "casd-card.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.True(process.ExitCode == 0, $"casd-card {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
    }
}
