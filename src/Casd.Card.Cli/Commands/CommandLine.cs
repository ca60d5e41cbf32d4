using Casd.Card.Cli.CardSources;

namespace Casd.Card.Cli.Commands;

/// <summary>
/// A small parser of <c>--name value</c> options and flags shared by the card commands. Repeated
/// options keep every value; anything unknown is a <see cref="UsageException"/>.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public bool Json => Has("--json");

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="valued">Options that take a value.</param>
    /// <param name="flags">Options without a value.</param>
    /// <param name="optionalValued">Options whose value may be omitted (the next argument starts with "--" or there is none).</param>
    public static CommandLine Parse(IReadOnlyList<string> args, string[] valued, string[] flags, string[]? optionalValued = null)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (flags.Contains(a) || a == "--json")
            {
                line.Add(a, null);
            }
            else if (valued.Contains(a))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"option {a} needs a value.");
                }

                line.Add(a, args[++i]);
            }
            else if (optionalValued?.Contains(a) == true)
            {
                line.Add(a, i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            }
            else
            {
                throw new UsageException(a.StartsWith("--", StringComparison.Ordinal) ? $"unknown option '{a}'." : $"unexpected argument '{a}'.");
            }
        }

        return line;
    }

    public static CommandLine ParseWithCardSource(IReadOnlyList<string> args, string[] valued, string[] flags) =>
        Parse(args, [.. valued, "--reader"], flags, ["--simulator"]);

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            return null;
        }

        if (list.Count > 1)
        {
            throw new UsageException($"option {name} is given more than once.");
        }

        return list[0];
    }

    public string Require(string name) => Get(name) ?? throw new UsageException($"option {name} is required.");

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? [.. list.OfType<string>()] : [];

    /// <summary>The card source the options name.</summary>
    /// <remarks>With none given, the source says which reader to pass, or how to get a card, when it is opened.</remarks>
    public CardSource GetCardSource()
    {
        if (Has("--simulator") && Has("--reader"))
        {
            throw new UsageException("give either --simulator or --reader, not both.");
        }

        if (Has("--simulator"))
        {
            return new SimulatorCardSource(Get("--simulator"));
        }

        if (Get("--reader") is { } reader)
        {
            return new ReaderCardSource(reader);
        }

        return new MissingCardSource();
    }

    private void Add(string name, string? value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
    }
}
