using Casd.Card.Testing;
using System.Text.RegularExpressions;
using Casd.Card.Cli.Tests.Evaluation;

namespace Casd.Card.Cli.Tests;

public sealed partial class EvalCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData]
    [InlineData("--bogus")]
    [InlineData("folder", "--level", "7")]
    [InlineData("folder", "--out")]
    [InlineData("a", "b")]
    [InlineData("folder", "--protocol", "fvc2002")]
    [InlineData("folder", "--protocol")]
    public async Task Bad_arguments_print_the_usage_and_exit_2(params string[] args)
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, ["eval", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Contains("casd-card eval <folder> [options]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_with_exit_2()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "eval", Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, exit);
        Assert.Contains("Directory does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_reports_the_figures_writes_the_files_and_the_apdu_path_agrees()
    {
        var source = TestRequirements.SharedTestData("fvc2002", "DB1_B");
        var work = Directory.CreateTempSubdirectory("casd-eval-");
        try
        {
            // Three fingers: 3 × C(8,2) = 84 genuine and C(24,2) − 84 = 192 impostor comparisons.
            var records = Path.Combine(work.FullName, "records");
            Directory.CreateDirectory(records);
            foreach (var file in Directory.EnumerateFiles(source, "10?_*.iso").Where(f => Path.GetFileName(f)[2] is '1' or '2' or '3'))
            {
                File.Copy(file, Path.Combine(records, Path.GetFileName(file)));
            }

            var outFolder = Path.Combine(work.FullName, "out");
            var (exit, output, error) = await CliProcess.RunAsync(Ct, "eval", records, "--out", outFolder);
            Assert.Equal(0, exit);
            var lines = output.TrimEnd().Split('\n');
            Assert.Matches(LastLine(), lines[^1].TrimEnd('\r'));
            Assert.EndsWith("genuine=84 impostor=192", lines[^1].TrimEnd('\r'), StringComparison.Ordinal);
            Assert.Contains("| EER |", output, StringComparison.Ordinal);
            Assert.Contains("100%", error, StringComparison.Ordinal);
            Assert.Equal(84 + 192 + 1, File.ReadAllLines(Path.Combine(outFolder, "scores.csv")).Length);
            Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(outFolder, "det.png"))[0]);

            var (apduExit, apduOutput, _) = await CliProcess.RunAsync(Ct, "eval", records, "--through-apdu");
            Assert.Equal(0, apduExit);
            Assert.Equal(lines[^1].TrimEnd('\r'), apduOutput.TrimEnd().Split('\n')[^1].TrimEnd('\r'));

            // FVC protocol: the same 84 genuine; impostors are first impressions only, C(3,2) = 3.
            var (fvcExit, fvcOutput, _) = await CliProcess.RunAsync(Ct, "eval", records, "--protocol", "fvc");
            Assert.Equal(0, fvcExit);
            var fvcLast = fvcOutput.TrimEnd().Split('\n')[^1].TrimEnd('\r');
            Assert.Matches(LastLine(), fvcLast);
            Assert.EndsWith("genuine=84 impostor=3", fvcLast, StringComparison.Ordinal);
            Assert.Contains("| protocol | fvc |", fvcOutput, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Protocol_fvc_compares_first_impressions_only_as_impostors_and_an_unknown_protocol_is_refused()
    {
        var work = Directory.CreateTempSubdirectory("casd-eval-fvc-");
        try
        {
            // Three fingers, two impressions each: FVC compares 3 genuine pairs and C(3,2) = 3 first impressions.
            for (var finger = 1; finger <= 3; finger++)
            {
                for (var impression = 1; impression <= 2; impression++)
                {
                    await File.WriteAllBytesAsync(Path.Combine(work.FullName, $"{finger}_{impression}.iso"), Demo.DemoFingers.Generate(finger, Biometrics.FingerPosition.RightIndex, impression), Ct);
                }
            }

            var (exit, output, error) = await CliInProcess.RunAsync("eval", work.FullName, "--protocol", "fvc");
            Assert.True(exit == 0, error);
            Assert.EndsWith("genuine=3 impostor=3", output.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var (bad, _, message) = await CliInProcess.RunAsync("eval", Path.GetTempPath(), "--protocol", "pairs");
        Assert.Equal(2, bad);
        Assert.Contains("Argument 'pairs' not recognized", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_the_summary_as_one_object()
    {
        var work = Directory.CreateTempSubdirectory("casd-eval-json-");
        try
        {
            // Three generated fingers, two impressions each: 3 genuine and C(6,2) - 3 = 12 impostor comparisons.
            for (var finger = 1; finger <= 3; finger++)
            {
                for (var impression = 1; impression <= 2; impression++)
                {
                    await File.WriteAllBytesAsync(Path.Combine(work.FullName, $"{finger}_{impression}.iso"), Demo.DemoFingers.Generate(finger, Biometrics.FingerPosition.RightIndex, impression), Ct);
                }
            }

            var (exit, output, error) = await CliInProcess.RunAsync("eval", work.FullName, "--protocol", "all-pairs", "--json");

            Assert.True(exit == 0, error);
            using var document = System.Text.Json.JsonDocument.Parse(output);
            var summary = document.RootElement;
            Assert.Equal("all-pairs", summary.GetProperty("protocol").GetString());
            Assert.Equal(3, summary.GetProperty("genuine").GetInt32());
            Assert.Equal(12, summary.GetProperty("impostor").GetInt32());
            Assert.InRange(summary.GetProperty("eer").GetDouble(), 0, 1);
            Assert.Equal(10000, summary.GetProperty("cardDecisions").GetProperty("level").GetInt32());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^EER=\d+\.\d\d% FMR100=\d+\.\d\d% FMR1000=\d+\.\d\d% ZeroFMR=\d+\.\d\d% genuine=\d+ impostor=\d+$")]
    private static partial Regex LastLine();
}
