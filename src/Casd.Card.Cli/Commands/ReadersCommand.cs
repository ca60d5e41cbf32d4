using System.CommandLine;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary><c>casd-card readers</c>: one line per PC/SC reader, with card presence and ATR.</summary>
internal sealed class ReadersCommand : ICliCommand
{
    private readonly Func<ICardReaderProvider> _provider;

    public ReadersCommand()
        : this(() => new PcscReaderProvider())
    {
    }

    internal ReadersCommand(Func<ICardReaderProvider> provider) => _provider = provider;

    public Command Build()
    {
        var json = CommonOptions.Json("Print one JSON object, {\"readers\": [{\"name\", \"cardPresent\", \"atr\"}]}, instead of text.");
        var command = new Command("readers", "List the PC/SC readers, whether a card is present, and its ATR.") { json };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyList<CardReaderInfo> readers;
        try
        {
            // The provider opens and releases a PC/SC context within the call: nothing stays open.
            readers = await _provider().ListReadersAsync(cancellationToken);
        }
        catch (CardServiceUnavailableException)
        {
            error.WriteLine(PcscMessages.NoService);
            return ExitCodes.NoCard;
        }
        catch (CardException ex)
        {
            error.WriteLine($"casd-card readers: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (readers.Count == 0)
        {
            error.WriteLine(PcscMessages.NoReaders);
            return ExitCodes.NoCard;
        }

        if (json)
        {
            JsonOutput.Write(output, new { Readers = readers.Select(PcscMessages.ToJson) });
            return ExitCodes.Success;
        }

        foreach (var reader in readers)
        {
            output.WriteLine(PcscMessages.Describe(reader));
        }

        return ExitCodes.Success;
    }
}
