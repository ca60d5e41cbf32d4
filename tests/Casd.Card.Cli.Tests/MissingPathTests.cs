namespace Casd.Card.Cli.Tests;

/// <summary>A file the tool would write in a folder that does not exist is a usage error before any card is touched.</summary>
public sealed class MissingPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-paths-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Missing => Path.Combine(_folder, "no", "such", "dir");

    [Fact]
    public async Task A_state_file_in_a_missing_folder_is_exit_2_as_a_process()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Ct, "info", "--simulator", Path.Combine(Missing, "card.nvm"));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--simulator: the folder '{Missing}' does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info", "--simulator", "MISSING/card.nvm")]
    [InlineData("simulate", "--state", "MISSING/card.nvm")]
    [InlineData("enrol", "--simulator", "--inspect", "--ca-out", "MISSING/ca.cer")]
    public async Task A_file_to_write_in_a_missing_folder_is_exit_2(params string[] args)
    {
        args = [.. args.Select(a => a.Replace("MISSING", Missing, StringComparison.Ordinal))];

        var (exit, _, error) = await CliInProcess.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains($"the folder '{Missing}' does not exist; create it or choose another path", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Missing));
    }

    [Fact]
    public async Task A_state_file_that_is_a_folder_is_exit_2()
    {
        var (exit, _, error) = await CliInProcess.RunAsync("info", "--simulator", _folder);

        Assert.Equal(2, exit);
        Assert.Contains("is a folder; give the path of a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_file_in_an_existing_folder_is_created()
    {
        var state = Path.Combine(_folder, "card.nvm");

        var (exit, _, error) = await CliInProcess.RunAsync("info", "--simulator", state);

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(state));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
