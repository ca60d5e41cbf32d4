using Casd.Card.Cli.Commands;

namespace Casd.Card.Cli;

/// <summary>The entry point of <c>casd-card</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await CommandRegistry.CreateDefault().RunAsync(args, Console.Out, Console.Error, cancellation.Token);
    }
}
