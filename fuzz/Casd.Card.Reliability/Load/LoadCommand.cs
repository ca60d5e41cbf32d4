namespace Casd.Card.Reliability.Load;

internal static class LoadCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(2);
}
