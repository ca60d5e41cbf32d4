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
        Assert.Contains("Usage: casd-card eval", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_fails_with_exit_1()
    {
        var (exit, _, error) = await CliProcess.RunAsync(Ct, "eval", Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_reports_the_figures_writes_the_files_and_the_apdu_path_agrees()
    {
        var source = SharedTestData.Fvc2002("DB1_B");
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

    [GeneratedRegex(@"^EER=\d+\.\d\d% FMR100=\d+\.\d\d% FMR1000=\d+\.\d\d% ZeroFMR=\d+\.\d\d% genuine=\d+ impostor=\d+$")]
    private static partial Regex LastLine();
}
