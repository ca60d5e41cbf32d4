namespace Casd.Card.Testing;

/// <summary>
/// The one rule for tests that need something the repository does not hold (the FVC and template
/// data in ../shared/testdata, a running pcscd with vsmartcard): when it is missing, the test skips
/// with the reason on a developer's machine, and FAILS when the environment variable CI is "true".
/// CI provides all of it (.ci/run installs and starts pcscd; ../shared sits beside the clone), so a
/// skip there would only hide that a test never ran.
/// </summary>
/// <remarks>
/// One source file linked into every test project (each csproj's <c>Compile Include</c>), so the rule
/// is written once; hence a namespace of its own rather than one per project.
/// </remarks>
internal static class TestRequirements
{
    /// <summary>Gets whether this is a CI run (<c>CI=true</c>), where every requirement must be met.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the folder that holds Casd.Card.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"Casd.Card.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Skips the test (or fails it under CI=true) when there is a reason; does nothing when it is <see langword="null"/>.</summary>
    /// <param name="missing">What is missing and how to get it, or <see langword="null"/> when nothing is.</param>
    public static void SkipOrFail(string? missing)
    {
        if (missing is null)
        {
            return;
        }

        Assert.False(IsCi, $"CI=true, so this test may not skip: {missing}");
        Assert.Skip(missing);
    }

    /// <summary>A folder under ../shared/testdata (beside the repository); skips or fails when it is absent.</summary>
    /// <param name="parts">The path under testdata, e.g. <c>"fvc2002", "DB1_B"</c>.</param>
    /// <returns>The full path of the folder.</returns>
    public static string SharedTestData(params string[] parts)
    {
        var folder = Path.GetFullPath(Path.Combine([RepositoryRoot, "..", "shared", "testdata", .. parts]));
        SkipOrFail(Directory.Exists(folder)
            ? null
            : $"the shared test data is not at {folder} (../shared/testdata beside the repository; never copied into it)");
        return folder;
    }
}
