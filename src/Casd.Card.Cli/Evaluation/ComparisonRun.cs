namespace Casd.Card.Cli.Evaluation;

/// <summary>
/// Runs a list of comparisons through a path: on every core for the stateless direct path, in order
/// for the APDU path (one simulated card). Outcomes are stored by pair index, so the result does not
/// depend on the number of threads or their timing.
/// </summary>
internal static class ComparisonRun
{
    /// <summary>Runs every comparison.</summary>
    /// <param name="path">The path to the matcher.</param>
    /// <param name="pairs">The comparisons.</param>
    /// <param name="progress">Told how many comparisons are done, from one thread at a time; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One outcome per pair, in the pairs' order.</returns>
    public static ComparisonOutcome[] Run(IComparisonPath path, IReadOnlyList<ComparisonPair> pairs, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(pairs);
        var outcomes = new ComparisonOutcome[pairs.Count];
        if (path is not DirectComparisonPath)
        {
            for (var k = 0; k < pairs.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes[k] = path.Compare(pairs[k]);
                progress?.Invoke(k + 1);
            }

            return outcomes;
        }

        long done = 0;
        var gate = new Lock();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, pairs.Count, options, k =>
        {
            outcomes[k] = path.Compare(pairs[k]);
            var now = Interlocked.Increment(ref done);
            if (progress is not null && (now % 256 == 0 || now == pairs.Count))
            {
                lock (gate)
                {
                    progress(now);
                }
            }
        });
        return outcomes;
    }
}
