using Casd.Card.Testing;

namespace Casd.Card.Tests.Biometrics;

/// <summary>
/// The shared test data in ../shared/testdata beside the repository; a test that needs it skips
/// locally when it is absent and fails under CI=true (<see cref="TestRequirements"/>).
/// </summary>
internal static class BiometricTestData
{
    public static string RequireTemplates() => TestRequirements.SharedTestData("templates");

    public static string RequireFvc(string database) => TestRequirements.SharedTestData("fvc2002", database);
}
