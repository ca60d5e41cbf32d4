namespace Casd.Card.Cli.Tests.Evaluation;

/// <summary>
/// The read-only FVC2002 templates in ../shared/testdata (never copied into the repository). A developer
/// without them gets a skipped test that says where the data was looked for; CI (CI=true) must have
/// them, so there a missing folder fails the test instead of silently skipping the accuracy checks.
/// </summary>
internal static class SharedTestData
{
    /// <summary>Gets whether the run is CI's, where missing data is an error.</summary>
    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the folder of one FVC2002 database, or skips (locally) or fails (CI) when it is missing.</summary>
    /// <param name="database">The folder name, e.g. <c>DB1_B</c>.</param>
    /// <returns>The full path of the folder.</returns>
    public static string Fvc2002(string database)
    {
        var folder = Path.GetFullPath(Path.Combine(CliProcess.RepositoryRoot(), "..", "shared", "testdata", "fvc2002", database));
        Require(folder);
        return folder;
    }

    /// <summary>Skips (locally) or fails (under CI=true) when a test-data folder is missing.</summary>
    /// <param name="folder">The folder the test needs.</param>
    public static void Require(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        var reason = $"FVC2002 test data not found at {folder} (expected ../shared/testdata beside the repository)";
        Assert.False(RequiredByCi, reason + "; CI=true requires it.");
        Assert.Skip(reason);
    }
}
