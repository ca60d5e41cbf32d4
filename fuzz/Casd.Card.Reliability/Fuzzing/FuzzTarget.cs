namespace Casd.Card.Reliability.Fuzzing;

/// <summary>
/// One parser of outside bytes under fuzzing. The contract (docs/reliability.md): any input either
/// succeeds or ends in the parser's documented refusal (<see cref="IsRefusal"/>); anything else
/// escapes <see cref="Run"/>, which AFL++ records as a crash and the corpus replay test as a failure.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>Gets the name given to fuzz/run.sh, also the folder of the corpus under fuzz/corpus.</summary>
    public abstract string Name { get; }

    /// <summary>Runs one input through the parser.</summary>
    public void Run(byte[] input)
    {
        try
        {
            Parse(input);
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
            // the parser said no, in the typed way it documents
        }
    }

    /// <summary>Valid inputs made by our own encoders: the seeds of the corpus.</summary>
    public abstract IEnumerable<byte[]> Seeds(FuzzWorld world);

    /// <summary>Feeds the input to the parser, and to whatever uses its result.</summary>
    protected abstract void Parse(byte[] input);

    /// <summary>Whether the exception is the parser's documented refusal of bad input.</summary>
    protected abstract bool IsRefusal(Exception exception);
}
