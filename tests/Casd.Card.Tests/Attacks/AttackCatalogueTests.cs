using System.Text.RegularExpressions;

namespace Casd.Card.Tests.Attacks;

/// <summary>
/// docs/attacks.md is a contract: every attack row names the tests that perform it, and every
/// test it names exists. A renamed or deleted test, or a new attack without one, fails here.
/// </summary>
public sealed partial class AttackCatalogueTests
{
    [Fact]
    public void Every_attack_names_at_least_one_test_and_every_named_test_exists()
    {
        var root = RepositoryRoot();
        var catalogue = File.ReadAllLines(Path.Combine(root, "docs", "attacks.md"));
        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);

        var rows = catalogue.Where(l => AttackRow().IsMatch(l)).ToList();
        Assert.True(rows.Count >= 20, $"docs/attacks.md lists {rows.Count} attacks; expected the catalogue's tables");
        var missing = new List<string>();
        foreach (var row in rows)
        {
            var id = AttackRow().Match(row).Groups[1].Value;
            var testColumn = row.TrimEnd().TrimEnd('|').Split('|')[^1];
            var names = Backticked().Matches(testColumn).Select(m => m.Groups[1].Value).ToList();
            Assert.True(names.Count > 0, $"attack {id} names no test");
            string? currentClass = null;
            foreach (var name in names)
            {
                string method;
                if (name.StartsWith('…'))
                {
                    Assert.True(currentClass is not null, $"attack {id}: '{name}' continues no class");
                    method = name.TrimStart('…');
                }
                else if (name.Contains('.', StringComparison.Ordinal))
                {
                    currentClass = name[..name.IndexOf('.', StringComparison.Ordinal)];
                    method = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
                }
                else
                {
                    currentClass = name;
                    method = string.Empty;
                }

                var inClass = sources.Values.Where(s => s.Contains($"class {currentClass}", StringComparison.Ordinal)).ToList();
                if (inClass.Count == 0 || (method.Length > 0 && !inClass.Any(s => s.Contains($" {method}(", StringComparison.Ordinal))))
                {
                    missing.Add($"{id}: {currentClass}.{method}");
                }
            }
        }

        Assert.True(missing.Count == 0, "docs/attacks.md names tests that do not exist: " + string.Join(", ", missing));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Casd.Card.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Casd.Card.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"^\| ([A-Z][0-9]+) \|")]
    private static partial Regex AttackRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();
}
