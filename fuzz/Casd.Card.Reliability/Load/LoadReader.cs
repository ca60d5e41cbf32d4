using System.Globalization;

namespace Casd.Card.Reliability.Load;

/// <summary>
/// One vpcd reader of the load runs. .ci/vpcd-readers.sh declares them: entry k (1-based) is named
/// "Casd Load PCD k" and listens on 35965 + 2(k-1) for slot 00 and the next port for slot 01, so
/// pcscd names the readers "Casd Load PCD k 00 00" and "Casd Load PCD k 00 01".
/// </summary>
internal sealed record LoadReader(string Name, int Port)
{
    public const int FirstPort = 35965;

    /// <summary>The first <paramref name="count"/> load readers, in port order.</summary>
    public static IReadOnlyList<LoadReader> First(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new LoadReader(string.Create(CultureInfo.InvariantCulture, $"Casd Load PCD {(i / 2) + 1} 00 {i % 2:D2}"), FirstPort + i))];
}
