using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using Casd.Card.Cli.CardSources;
using Casd.Card.Pcsc;
using Casd.Card.Transport;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// <c>--simulator [STATE-FILE]</c> and <c>--reader NAME</c>, the card source every card command takes
/// (docs/cli.md, "Card source"): the same names, help and checks on each command.
/// </summary>
internal sealed class CardSourceOptions
{
    private readonly Func<ICardReaderProvider> _readers;

    /// <summary>Initializes the options of one command.</summary>
    /// <param name="readers">The PC/SC readers (tests pass a fake); the platform's PC/SC service when <see langword="null"/>.</param>
    public CardSourceOptions(Func<ICardReaderProvider>? readers = null)
    {
        _readers = readers ?? (() => new PcscReaderProvider());
        Simulator = new Option<string?>("--simulator")
        {
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "STATE-FILE",
            Description = "The embedded simulated card; with a file, its memory lives there (created on first use) and survives between commands.",
        };
        Simulator.Validators.Add(RefuseOptionLikeStateFile);
        Simulator.Validators.Add(PathChecks.FileInExistingFolder);
        Reader = new Option<string>("--reader")
        {
            HelpName = "NAME",
            Description = "A PC/SC reader, e.g. 'Virtual PCD 00 00' with a card served by 'casd-card simulate'.",
        };
        Reader.CompletionSources.Add(CompleteReaderNames);
    }

    /// <summary>Gets <c>--simulator [STATE-FILE]</c>.</summary>
    public Option<string?> Simulator { get; }

    /// <summary>Gets <c>--reader NAME</c>.</summary>
    public Option<string> Reader { get; }

    /// <summary>Adds both options to a command, and the rule that only one may be given.</summary>
    /// <param name="command">The card command.</param>
    public void AddTo(Command command)
    {
        command.Add(Simulator);
        command.Add(Reader);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Simulator) is not null && result.GetResult(Reader) is not null)
            {
                result.AddError("Give either --simulator or --reader, not both.");
            }
        });
    }

    /// <summary>The card source the command line names.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The source; with none given, it says which reader to pass, or how to get a card, when it is opened.</returns>
    public CardSource Create(ParseResult result)
    {
        if (result.GetResult(Simulator) is not null)
        {
            return new SimulatorCardSource(result.GetValue(Simulator));
        }

        return result.GetValue(Reader) is { } reader ? new ReaderCardSource(reader, _readers) : new MissingCardSource(_readers);
    }

    // The file is optional, so in "--simulator --fingr x" the parser takes the mistyped option for the file.
    private static void RefuseOptionLikeStateFile(OptionResult result)
    {
        if (result.Tokens is [{ Value: var value }] && value.StartsWith('-'))
        {
            result.AddError($"--simulator: '{value}' looks like an option, not a state file; check its spelling (a file of that name is written ./{value}).");
        }
    }

    // Completion offers the readers PC/SC has now; no service is no suggestion, not an error.
    private IEnumerable<CompletionItem> CompleteReaderNames(CompletionContext context)
    {
        IReadOnlyList<CardReaderInfo> readers;
        try
        {
            readers = _readers().ListReadersAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (CardException)
        {
            return [];
        }

        return readers.Select(r => new CompletionItem(r.Name, detail: r.IsCardPresent ? "card present" : "no card"));
    }
}
