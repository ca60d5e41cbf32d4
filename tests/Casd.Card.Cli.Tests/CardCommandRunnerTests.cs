using Casd.Card.Cli.Commands;
using Casd.Card.SecureChannel;

namespace Casd.Card.Cli.Tests;

public class CardCommandRunnerTests
{
    [Fact]
    public async Task A_refused_secure_channel_is_one_line_that_names_the_development_keys_and_exits_1()
    {
        using var error = new StringWriter();

        var exit = await CardCommandRunner.RunAsync("enrol", error, () => throw new CardCertificateValidationException("The card's certificate does not chain to a trust anchor."));

        Assert.Equal(ExitCodes.Failure, exit);
        var line = Assert.Single(error.ToString().Trim().Split('\n'));
        Assert.StartsWith("casd-card enrol: the secure channel was refused: The card's certificate does not chain", line, StringComparison.Ordinal);
        Assert.Contains("development keys", line, StringComparison.Ordinal);
    }
}
