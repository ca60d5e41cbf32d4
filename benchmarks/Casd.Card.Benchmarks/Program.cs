using BenchmarkDotNet.Running;

namespace Casd.Card.Benchmarks;

/// <summary>Runs the benchmark suites; pass BenchmarkDotNet arguments, e.g. <c>--filter *Apdu*</c> or <c>--job dry</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
