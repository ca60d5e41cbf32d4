using System.Diagnostics;

namespace Casd.Card.IntegrationTests.Support;

/// <summary>
/// vsmartcard's own virtual card (<c>vicc -t iso7816</c>), a card we did not write, in the reader
/// 'Virtual PCD 00 00'. Debian's vicc does not start as packaged: its package lives outside
/// Python's path and imports Crypto where Debian ships Cryptodome, hence PYTHONPATH and a link.
/// </summary>
public sealed class ViccCard : IAsyncDisposable
{
    public static readonly byte[] Atr = [0x3B, 0x95, 0x13, 0x81, 0x01, 0x80, 0x73, 0xFF, 0x01, 0x00, 0x0B];
    private const string ViccPackage = "/usr/lib/python3/site-packages/virtualsmartcard";
    private const string Cryptodome = "/usr/lib/python3/dist-packages/Cryptodome";
    private readonly PcscdEnvironment _environment;
    private readonly Process _process;

    private ViccCard(PcscdEnvironment environment, Process process)
    {
        _environment = environment;
        _process = process;
    }

    public static string? Executable => new[] { "/usr/bin/vicc", "/usr/local/bin/vicc" }.FirstOrDefault(File.Exists);

    /// <summary>Starts vicc and waits until pcscd reports its card in the reader.</summary>
    public static async Task<ViccCard> StartAsync(PcscdEnvironment environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-t", "iso7816", "-H", "localhost", "-P", PcscdEnvironment.ViccPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONPATH"] = ViccPackage + ":" + CryptoLinkFolder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var card = new ViccCard(environment, process);
        try
        {
            await environment.WaitForCardAsync(PcscdEnvironment.ViccReader, present: true, cancellationToken);
        }
        catch
        {
            await card.DisposeAsync();
            throw;
        }

        return card;
    }

    /// <summary>Kills the card process at once (SIGKILL): to pcscd the card is gone mid-session.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        try
        {
            await _environment.WaitForCardAsync(PcscdEnvironment.ViccReader, present: false, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // pcscd may be stopped by the test; nothing left to wait for
        }
    }

    private static string CryptoLinkFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casd-vicc-python");
        var link = Path.Combine(folder, "Crypto");
        Directory.CreateDirectory(folder);
        if (!Directory.Exists(link))
        {
            Directory.CreateSymbolicLink(link, Cryptodome);
        }

        return folder;
    }
}
