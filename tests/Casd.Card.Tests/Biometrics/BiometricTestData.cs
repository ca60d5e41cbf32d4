namespace Casd.Card.Tests.Biometrics;

/// <summary>Locates ../shared/testdata relative to the repository root; tests skip when it is absent.</summary>
internal static class BiometricTestData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    public static string? TemplatesFolder => Root.Value is { } root ? Path.Combine(root, "templates") : null;

    public static string? FvcFolder => Root.Value is { } root ? Path.Combine(root, "fvc2002") : null;

    public static string RequireTemplates()
    {
        var folder = TemplatesFolder;
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Skip("The shared test data (../shared/testdata/templates) is not present next to the repository.");
        }

        return folder;
    }

    public static string RequireFvc(string database)
    {
        var folder = FvcFolder is null ? null : Path.Combine(FvcFolder, database);
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Skip($"The shared FVC2002 test data (../shared/testdata/fvc2002/{database}) is not present next to the repository.");
        }

        return folder;
    }

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
