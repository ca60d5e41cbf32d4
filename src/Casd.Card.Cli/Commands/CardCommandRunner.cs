using Casd.Card.Biometrics;
using Casd.Card.Cli.CardSources;
using Casd.Card.Redis;
using Casd.Card.SecureChannel;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary>Runs a card command and turns what can go wrong into one line that says what to do, with the documented exit code.</summary>
internal static class CardCommandRunner
{
    public static async Task<int> RunAsync(string command, TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CardSourceException ex)
        {
            error.WriteLine($"casd-card {command}: {ex.Message}");
            return ExitCodes.NoCard;
        }
        catch (CardRemovedException)
        {
            error.WriteLine($"casd-card {command}: the card was removed during the operation; insert it and run the command again.");
            return ExitCodes.NoCard;
        }
        catch (BiometricDataFormatException ex)
        {
            error.WriteLine($"casd-card {command}: a finger record is not usable ({ex.Message}); give an ISO/IEC 19794-2 or ANSI 378 minutiae record.");
            return ExitCodes.Failure;
        }
        catch (SecureChannelAuthenticationException ex)
        {
            error.WriteLine($"casd-card {command}: the secure channel was refused: {ex.Message} casd-card opens channels with its development keys (docs/cli.md); a card personalised with other keys needs its own desk or client.");
            return ExitCodes.Failure;
        }
        catch (CardException ex)
        {
            error.WriteLine($"casd-card {command}: the card failed: {ex.Message} Check the card and run 'casd-card info'.");
            return ExitCodes.Failure;
        }
        catch (LoginStateStoreException ex)
        {
            // The shared login state is unreachable: a server would refuse the login (fail closed).
            error.WriteLine($"casd-card {command}: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // The parser checks the paths it is given; this is a file that went away since.
            error.WriteLine($"casd-card {command}: {ex.Message} Check the path.");
            return ExitCodes.Usage;
        }
    }

    public static async Task<byte[]> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"File '{file}' does not exist.", file.FullName);
        }

        return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
    }
}
