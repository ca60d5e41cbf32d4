using System.Diagnostics;
using Casd.Card.IntegrationTests.Support;
using Casd.Card.Simulator;
using Casd.Card.Simulator.Os;

namespace Casd.Card.IntegrationTests;

/// <summary>Programs we did not write see the simulated card through pcscd, and casd-card runs the simulator as a user would.</summary>
[Collection(PcscdTestGroup.Name)]
public sealed class OutsideProgramTests(PcscdEnvironment environment)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opensc_tool_reads_the_simulated_card_atr_and_selects_the_casd_application()
    {
        environment.Require();
        PcscdEnvironment.SkipOrFail(File.Exists("/usr/bin/opensc-tool") ? null : "opensc-tool is not installed (apt-get install opensc)");
        await using var behind = await SimulatedCardBehindPcscd.StartAsync(environment, new SimulatedCard(), Ct);

        // opensc-tool exits 0 even when it finds no reader: the output is what counts
        var (_, atr) = await RunAsync("/usr/bin/opensc-tool", "-r", SimulatedCardBehindPcscd.ReaderName, "-a");
        Assert.Equal(string.Join(':', CardAtr.Hex.ToLowerInvariant().Chunk(2).Select(c => new string(c))), atr.Trim());

        var (_, select) = await RunAsync("/usr/bin/opensc-tool", "-r", SimulatedCardBehindPcscd.ReaderName, "-s", "00 A4 04 0C 0A F0 43 41 53 44 43 41 52 44 01");
        Assert.Contains("SW1=0x90, SW2=0x00", select, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Casd_card_simulate_puts_a_card_into_the_reader_until_terminated()
    {
        environment.Require();
        var tool = Path.Combine(AppContext.BaseDirectory, "casd-card.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { tool, "simulate", "--trace", "--port", PcscdEnvironment.SimulatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var simulator = Process.Start(start)!;
        var output = simulator.StandardOutput.ReadToEndAsync(Ct);
        try
        {
            var reader = await environment.WaitForCardAsync(PcscdEnvironment.SimulatorReader, present: true, Ct);
            Assert.Equal(CardAtr.Bytes.ToArray(), reader.Atr.ToArray());

            var (exit, readers) = await RunAsync("dotnet", tool, "readers");
            Assert.Equal(0, exit);
            Assert.Contains($"{PcscdEnvironment.SimulatorReader}: card present, ATR {CardAtr.Hex}", readers, StringComparison.Ordinal);

            if (File.Exists("/usr/bin/opensc-tool"))
            {
                var (_, select) = await RunAsync("/usr/bin/opensc-tool", "-r", PcscdEnvironment.SimulatorReader, "-s", "00 A4 04 0C 0A F0 43 41 53 44 43 41 52 44 01");
                Assert.Contains("SW1=0x90, SW2=0x00", select, StringComparison.Ordinal);
            }
        }
        finally
        {
            // SIGTERM, as a service manager would stop it: the card leaves the reader cleanly
            Process.Start("kill", ["-TERM", simulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await simulator.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(15), Ct);
        }

        Assert.Equal(0, simulator.ExitCode);
        var printed = await output;
        Assert.Contains("simulator stopped", printed, StringComparison.Ordinal);
        if (File.Exists("/usr/bin/opensc-tool"))
        {
            // --trace printed the SELECT that opensc-tool sent, with its status word
            Assert.Contains("00A4040C0AF0434153444341524401 -> 9000", printed, StringComparison.Ordinal);
        }
        await environment.WaitForCardAsync(PcscdEnvironment.SimulatorReader, present: false, Ct);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return (process.ExitCode, await output + await error);
    }
}
