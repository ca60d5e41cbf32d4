using System.Text.Json;
using Casd.Card.Biometrics;
using Casd.Card.Cli.Commands;
using Casd.Card.Cli.Demo;

namespace Casd.Card.Cli.Tests;

/// <summary>--json output is readable (no needless \uXXXX escapes) and still safe to print.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("casd-json-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Plus_angle_brackets_ampersand_apostrophe_and_accents_print_as_themselves()
    {
        using var output = new StringWriter();

        JsonOutput.Write(output, new { Signature = "ab+/cd==", Name = "O'Brien <Zoë> & Ørsted" });

        Assert.Contains("\"signature\": \"ab+/cd==\"", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"name\": \"O'Brien <Zoë> & Ørsted\"", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("csi\u009b", "csi\\u009B")]
    [InlineData("line\nbreak", "line\\nbreak")]
    [InlineData("quote\"back\\slash", "quote\\\"back\\\\slash")]
    public void What_a_terminal_would_act_on_stays_escaped(string text, string expected)
    {
        using var output = new StringWriter();

        JsonOutput.WriteLine(output, new { Text = text });

        Assert.Equal($"{{\"text\":\"{expected}\"}}", output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Holder_names_and_signatures_print_as_themselves_in_command_output()
    {
        var state = Path.Combine(_folder, "card.nvm");
        var finger = Path.Combine(_folder, "finger.iso");
        var test = Path.Combine(_folder, "test.iso");
        await File.WriteAllBytesAsync(finger, DemoFingers.Generate(1, FingerPosition.RightIndex), Ct);
        await File.WriteAllBytesAsync(test, DemoFingers.Generate(1, FingerPosition.RightIndex, impression: 2), Ct);
        var (exit, _, error) = await CliInProcess.RunAsync("enrol", "--simulator", state, "--holder", "R+1", "--family", "O'Brien-Ørsted", "--given", "Zoë <Ann>", "--project", "P&Q", "--finger", finger, "--test", test, "--json");
        Assert.True(exit == 0, error);

        (exit, var info, error) = await CliInProcess.RunAsync("info", "--simulator", state, "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("\"holderId\": \"R+1\"", info, StringComparison.Ordinal);
        Assert.Contains("\"familyName\": \"O'Brien-Ørsted\"", info, StringComparison.Ordinal);
        Assert.Contains("\"givenNames\": \"Zoë <Ann>\"", info, StringComparison.Ordinal);
        Assert.Contains("\"projectCode\": \"P&Q\"", info, StringComparison.Ordinal);

        (exit, var login, error) = await CliInProcess.RunAsync("authenticate", "--simulator", state, "--finger", finger, "--project", "P&Q", "--json");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("\\u", login, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(login);
        var signature = document.RootElement.GetProperty("signature").GetString()!;
        Assert.NotEmpty(Convert.FromBase64String(signature));
        Assert.Contains("\"signature\": \"" + signature + "\"", login, StringComparison.Ordinal);
        Assert.True(document.RootElement.GetProperty("serverCheck").GetProperty("isValid").GetBoolean());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
